"""The admin login: lockout after repeated failures, a second factor for staff, sound passwords."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

LOGIN = "/admin/login/?next=/admin/"


@pytest.fixture
def staff(db):
    return get_user_model().objects.create_user(
        "clerk", password="a long passphrase of words", is_staff=True
    )


def fail_login(client, username="clerk", times=1):
    for _ in range(times):
        response = client.post(LOGIN, {"username": username, "password": "wrong password!"})
    return response


def test_lockout_after_five_failures_answers_429_for_fifteen_minutes(client, staff):
    assert timedelta(minutes=15) == settings.AXES_COOLOFF_TIME
    assert fail_login(client, times=4).status_code == 200  # the form again, with its error
    assert fail_login(client).status_code == 429
    # Now even the right password is refused until the cool-off ends.
    right = client.post(LOGIN, {"username": "clerk", "password": "a long passphrase of words"})
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session

    from axes.models import AccessAttempt

    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    after = client.post(LOGIN, {"username": "clerk", "password": "a long passphrase of words"})
    assert after.status_code == 302
    assert after["Location"] == "/admin/"


def test_lockout_is_per_user_and_address_so_others_can_still_log_in(client, staff):
    fail_login(client, times=5)
    get_user_model().objects.create_user("other", password="another long passphrase", is_staff=True)
    other = client.post(LOGIN, {"username": "other", "password": "another long passphrase"})
    assert other.status_code == 302


def test_a_success_resets_the_failure_count(client, staff):
    fail_login(client, times=4)
    assert client.post(LOGIN, {"username": "clerk", "password": "a long passphrase of words"})[
        "Location"
    ] == ("/admin/")
    client.logout()
    assert fail_login(client, times=4).status_code == 200


@pytest.mark.django_db
def test_the_cms_toolbar_login_counts_failures_and_logs_in(client, staff):
    for _ in range(5):
        response = client.post("/cms_login/?next=/", {"username": "clerk", "password": "nope"})
    assert response.status_code == 429
    from axes.utils import reset

    reset()
    ok = client.post(
        "/cms_login/?next=/", {"username": "clerk", "password": "a long passphrase of words"}
    )
    assert ok.status_code == 302
    assert client.session["_auth_user_id"] == str(staff.pk)


# --- second factor -----------------------------------------------------------------------


def token_for(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


@override_settings(CARBONSITE_REQUIRE_2FA=True)
def test_without_a_device_staff_cannot_reach_the_admin(client, staff):
    page = client.get(LOGIN)
    assert 'name="otp_token"' in page.content.decode()
    response = client.post(LOGIN, {"username": "clerk", "password": "a long passphrase of words"})
    assert response.status_code == 200  # the form again
    assert "_auth_user_id" not in client.session
    # A password-only session (as the CMS toolbar login would make) is not enough either.
    client.force_login(staff)
    assert client.get("/admin/").status_code == 302


@override_settings(CARBONSITE_REQUIRE_2FA=True)
def test_a_wrong_token_is_refused(client, staff):
    TOTPDevice.objects.create(user=staff, name="phone", confirmed=True)
    response = client.post(
        LOGIN,
        {"username": "clerk", "password": "a long passphrase of words", "otp_token": "000000"},
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


@override_settings(CARBONSITE_REQUIRE_2FA=True)
def test_with_a_valid_totp_token_staff_reach_the_admin(client, staff):
    device = TOTPDevice.objects.create(user=staff, name="phone", confirmed=True)
    response = client.post(
        LOGIN,
        {
            "username": "clerk",
            "password": "a long passphrase of words",
            "otp_device": device.persistent_id,
            "otp_token": token_for(device),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert client.get("/admin/").status_code == 200


@override_settings(CARBONSITE_REQUIRE_2FA=True)
def test_the_toolbar_login_is_sent_to_the_admin_login_when_a_second_factor_is_required(
    client, staff
):
    response = client.post("/cms_login/?next=/faq/", {"username": "clerk", "password": "x"})
    assert response.status_code == 303
    assert response["Location"].startswith("/admin/login/?next=")
    assert "_auth_user_id" not in client.session


def test_without_the_requirement_the_demo_password_login_works(client, staff):
    response = client.post(LOGIN, {"username": "clerk", "password": "a long passphrase of words"})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


# --- passwords ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "password",
    ["correct horse battery staple", "alllowercasewords", "ünïcödé pässphräse"],
)
def test_long_passwords_pass_without_composition_rules(db, password):
    password_validation.validate_password(password)


@pytest.mark.parametrize(
    "password",
    ["short1!A", "password1234", "123456789012", "1qaz2wsx3edc", "administrator"],
)
def test_short_common_and_numeric_passwords_are_refused(db, password):
    with pytest.raises(ValidationError):
        password_validation.validate_password(password)


def test_the_enroll_command_creates_a_device_that_logs_in(client, staff):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("enroll_totp", "clerk", stdout=out)
    device = TOTPDevice.objects.get(user=staff)
    from base64 import b32encode
    from urllib.parse import parse_qs, urlsplit

    secret = parse_qs(urlsplit(device.config_url).query)["secret"][0]
    assert secret == b32encode(device.bin_key).decode().rstrip("=")
    assert f"Setup key (if the code cannot be scanned): {secret}" in out.getvalue()
    with override_settings(CARBONSITE_REQUIRE_2FA=True):
        response = client.post(
            LOGIN,
            {
                "username": "clerk",
                "password": "a long passphrase of words",
                "otp_token": token_for(device),
            },
        )
        assert response.status_code == 302
        assert client.get("/admin/").status_code == 200


def test_the_enroll_command_refuses_non_staff(db):
    from django.core.management import CommandError, call_command

    get_user_model().objects.create_user("reader", password="a long passphrase of words")
    with pytest.raises(CommandError, match="not staff"):
        call_command("enroll_totp", "reader")
