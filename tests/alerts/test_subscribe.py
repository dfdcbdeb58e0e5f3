"""The subscribe form: cached pages stay anonymous, bots and floods get nowhere, nothing leaks."""

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from alerts.models import Subscriber, Subscription

from .helpers import confirm_from_mail, link_in, subscribe

pytestmark = pytest.mark.django_db


def test_cached_pages_carry_a_get_form_without_csrf_token(demo_site):
    client = Client()
    for path in ["/implementation-agreements/thailand/", "/implementation-agreements/"]:
        response = client.get(path)
        html = response.content.decode()
        assert 'action="/alerts/subscribe/"' in html and 'method="get"' in html
        assert "csrfmiddlewaretoken" not in html
        assert "Set-Cookie" not in response.headers and not response.cookies
    assert (
        'name="agreement" value="thailand"'
        in client.get("/implementation-agreements/thailand/").content.decode()
    )


def test_subscribe_page_is_private_and_prefilled(demo_site):
    response = Client().get(
        "/alerts/subscribe/", {"agreement": "thailand", "kinds": ["eligibility_changed"]}
    )
    html = response.content.decode()
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert 'name="csrfmiddlewaretoken"' in html
    assert '<option value="thailand" selected>' in html
    assert 'value="eligibility_changed" id="id_kinds_2" checked' in html


def test_post_without_csrf_token_is_refused(demo_site):
    client = Client(enforce_csrf_checks=True)
    data = {"email": "x@example.org", "agreement": "all", "kinds": ["call_opened"]}
    assert client.post("/alerts/subscribe/", data).status_code == 403
    assert not Subscriber.objects.exists()


def test_honeypot_gets_the_same_page_and_nothing_happens(demo_site, smtp_server):
    response = subscribe("bot@example.org", website="http://spam.example")
    assert response.status_code == 200 and "Check your e-mail" in response.content.decode()
    assert not Subscriber.objects.exists() and smtp_server.messages == []


def test_invalid_address_gets_a_clear_error_and_stores_nothing(demo_site, smtp_server):
    response = subscribe("not-an-address")
    assert response.status_code == 400
    assert "Enter a valid email address." in response.content.decode()
    assert not Subscriber.objects.exists()


def test_page_never_reveals_an_existing_subscription(demo_site, smtp_server):
    first = subscribe("known@example.org").content.decode()
    confirm_from_mail(smtp_server, "known@example.org")
    again = subscribe("known@example.org", kinds=["documents_changed"]).content.decode()
    fresh = subscribe("unknown@example.org").content.decode()
    strip = lambda html: html.split("<main", 1)[1].split("</main>", 1)[0]  # noqa: E731
    assert strip(first) == strip(again) == strip(fresh)
    # The confirmed choices stay until the owner follows the new link.
    subscription = Subscription.objects.get(subscriber__email="known@example.org")
    assert subscription.kinds == ["call_opened"]
    confirm_from_mail(smtp_server, "known@example.org")
    subscription.refresh_from_db()
    assert subscription.kinds == ["documents_changed"]


def test_rate_limit_per_address_sends_at_most_three_confirmations(demo_site, smtp_server):
    for _ in range(5):
        assert subscribe("flood@example.org").status_code == 200
    assert len(smtp_server.to("flood@example.org")) == 3


def test_rate_limit_per_client(demo_site, smtp_server):
    statuses = [subscribe(f"c{n}@example.org").status_code for n in range(11)]
    assert statuses == [200] * 10 + [429]


def test_confirmation_link_expires(demo_site, smtp_server, settings):
    subscribe("slow@example.org")
    path = link_in(smtp_server.to("slow@example.org")[0], "confirm")
    settings.ALERTS_CONFIRM_MAX_AGE = -1
    assert Client().post(path).status_code == 410
    assert Subscription.objects.get().confirmed_at is None


def test_unconfirmed_requests_are_purged(demo_site, smtp_server):
    subscribe("old@example.org")
    subscribe("kept@example.org")
    confirm_from_mail(smtp_server, "kept@example.org")
    Subscription.objects.update(created_at=timezone.now() - timezone.timedelta(days=8))
    call_command("purge_alerts", verbosity=0)
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["kept@example.org"]
