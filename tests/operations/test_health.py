"""/healthz: the status for everyone, the details for the node's operators only."""

import pytest
from django.test import Client, override_settings

TOKEN = "health-token-0123456789abcdef"


def details_visible(client, **headers):
    response = client.get("/healthz", **headers)
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    return "checks" in body


@pytest.mark.django_db
@override_settings(HEALTHZ_TOKEN=TOKEN)
def test_the_public_sees_only_the_status():
    public = Client(REMOTE_ADDR="203.0.113.9")
    assert not details_visible(public)
    assert not details_visible(public, HTTP_AUTHORIZATION="Bearer wrong-token")
    assert not details_visible(public, HTTP_AUTHORIZATION=f"Bearer {TOKEN}x")
    assert details_visible(public, HTTP_AUTHORIZATION=f"Bearer {TOKEN}")


@pytest.mark.django_db
@pytest.mark.parametrize("address", ["127.0.0.1", "::1"])
def test_the_node_itself_sees_the_checks(address):
    response = Client(REMOTE_ADDR=address).get("/healthz")
    checks = response.json()["checks"]
    assert checks["database"]["ok"] and checks["cache"]["ok"]


@pytest.mark.django_db
@pytest.mark.parametrize("header", ["HTTP_X_FORWARDED_FOR", "HTTP_X_REAL_IP", "HTTP_FORWARDED"])
def test_a_request_relayed_by_a_proxy_on_the_node_is_public(header):
    assert not details_visible(Client(REMOTE_ADDR="127.0.0.1"), **{header: "203.0.113.9"})


@pytest.mark.django_db
def test_without_a_token_setting_no_bearer_value_opens_the_details():
    public = Client(REMOTE_ADDR="203.0.113.9")
    assert not details_visible(public, HTTP_AUTHORIZATION="Bearer ")
    assert not details_visible(public, HTTP_AUTHORIZATION="Bearer None")
