"""The contact page: stored enquiries, two e-mails through a real SMTP server, and the guards."""

import logging
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone

from agreements.models import Agreement
from enquiries.models import Enquiry
from enquiries.services import ip_hash

pytestmark = pytest.mark.django_db

MESSAGE = "Is the second call for Peru open to forestry projects with a REDD+ methodology?"


def valid_data(**changes):
    data = {
        "email": "applicant@example.com",
        "name": "Ana Applicant",
        "agreement": str(Agreement.objects.get(slug="peru").pk),
        "topic": "application",
        "message": MESSAGE,
        "consent": "on",
        "website": "",
    }
    data.update(changes)
    return data


def test_contact_page_has_the_address_and_form_and_is_never_shared_cached(demo_site, client):
    response = client.get("/contact/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "1 Example Road" in html
    assert "Illustrative address" in html
    assert '<form class="enquiry-form" method="post" action="/contact/"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    cache_control = response["Cache-Control"]
    assert "private" in cache_control and "no-store" in cache_control
    # The only cookie a visitor ever gets: the CSRF token, ending with the browser session.
    assert set(response.cookies) == {settings.CSRF_COOKIE_NAME}
    assert response.cookies[settings.CSRF_COOKIE_NAME]["max-age"] == ""


def test_contact_page_is_never_kept_by_the_shared_cache(demo_site, client):
    """The front door (nginx) keeps only what X-Accel-Expires allows: never the form page."""
    for _ in range(2):
        response = client.get("/contact/")
        assert response["X-Accel-Expires"] == "0"


def test_footer_links_reach_the_form_with_the_topic_chosen(demo_site, client):
    footer = client.get("/faq/").content.decode().split("<footer", 1)[1]
    assert 'href="/contact/"' in footer
    assert 'href="/contact/?topic=site_feedback#enquiry-form"' in footer
    html = client.get("/contact/?topic=site_feedback").content.decode()
    assert '<option value="site_feedback" selected>' in html
    assert 'id="enquiry-form"' in html


def test_process_tab_links_to_the_form_with_its_agreement_chosen(demo_site, client):
    process = client.get("/implementation-agreements/peru/application-process/")
    assert 'href="/contact/?agreement=peru#enquiry-form"' in process.content.decode()
    html = client.get("/contact/?agreement=peru").content.decode()
    peru = Agreement.objects.get(slug="peru")
    assert f'<option value="{peru.pk}" selected>' in html


def test_a_message_is_stored_and_both_emails_go_through_smtp(demo_site, client, smtp_server):
    response = client.post("/contact/", valid_data(), REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 302
    assert response["Location"] == "/contact/sent/"
    enquiry = Enquiry.objects.get()
    assert enquiry.email == "applicant@example.com"
    assert enquiry.name == "Ana Applicant"
    assert enquiry.agreement.slug == "peru"
    assert enquiry.topic == "application"
    assert enquiry.message == MESSAGE
    assert "365 days" in enquiry.consent_text
    assert enquiry.ip_hash == ip_hash("203.0.113.7")
    assert "203.0.113.7" not in enquiry.ip_hash
    assert enquiry.acknowledgement_sent and enquiry.notification_sent

    mails = smtp_server.wait_for(2)
    [ack] = smtp_server.to("applicant@example.com")
    [note] = smtp_server.to(settings.AGENCY_ENQUIRIES_EMAIL)
    assert len(mails) == 2
    assert enquiry.reference in ack.message["Subject"]
    assert enquiry.reference in ack.body
    assert MESSAGE not in ack.body  # never carries a stranger's words to the address given
    assert ack.message["Reply-To"] == settings.AGENCY_ENQUIRIES_EMAIL
    assert note.message["Reply-To"] == "applicant@example.com"
    assert MESSAGE in note.body
    assert "Singapore–Peru Implementation Agreement" in note.body
    assert "Ana Applicant <applicant@example.com>" in note.body

    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    assert "your message was sent" in thanks.content.decode()
    assert "no-store" in thanks["Cache-Control"]


def test_invalid_input_keeps_what_was_typed_and_sends_nothing(demo_site, client, smtp_server):
    response = client.post(
        "/contact/", valid_data(email="not-an-address", consent="", message="  Hello there  ")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Please correct 2 things; nothing was sent" in html
    assert 'value="not-an-address"' in html
    assert 'value="Ana Applicant"' in html
    assert "  Hello there  </textarea>" in html
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_email_error id_email_hint"' in html
    assert not Enquiry.objects.exists()
    assert smtp_server.messages == []


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("message", "x" * 5001, "at most 5000 characters"),
        ("message", "too short", "at least 10 characters"),
        ("name", "n" * 201, "at most 200 characters"),
        ("email", "a" * 250 + "@example.com", "at most 254 characters"),
        ("topic", "lottery", "Select a valid choice"),
    ],
)
def test_length_limits_and_choices_are_enforced(demo_site, client, field, value, error):
    response = client.post("/contact/", valid_data(**{field: value}))
    assert response.status_code == 200
    html = response.content.decode()
    assert error in html
    if field != "topic":
        assert value in html  # kept for the visitor to shorten
    assert not Enquiry.objects.exists()


def test_the_honeypot_drops_the_message_quietly(demo_site, client, smtp_server):
    response = client.post("/contact/", valid_data(website="http://spam.example"))
    assert response.status_code == 302
    assert response["Location"] == "/contact/sent/"
    assert not Enquiry.objects.exists()
    assert smtp_server.messages == []


def _earlier_enquiries(count, *, email="applicant@example.com", address="203.0.113.7", ago=5):
    for _ in range(count):
        Enquiry.objects.create(
            email=email,
            topic="general",
            message=MESSAGE,
            consent_text="agreed",
            ip_hash=ip_hash(address),
            created_at=timezone.now() - timedelta(minutes=ago),
        )


def test_the_rate_limit_counts_messages_from_the_same_address(demo_site, client, smtp_server):
    _earlier_enquiries(settings.ENQUIRY_RATE_LIMIT, address="198.51.100.1")
    response = client.post(
        "/contact/", valid_data(email="Applicant@EXAMPLE.com"), REMOTE_ADDR="203.0.113.99"
    )
    assert response.status_code == 429
    html = response.content.decode()
    assert "You have sent several messages in a short time" in html
    assert MESSAGE in html  # what they typed is still there
    assert Enquiry.objects.count() == settings.ENQUIRY_RATE_LIMIT
    assert smtp_server.messages == []


def test_the_rate_limit_counts_messages_from_the_same_network(demo_site, client):
    _earlier_enquiries(settings.ENQUIRY_RATE_LIMIT, email="someone@example.org")
    response = client.post(
        "/contact/", valid_data(email="other@example.net"), REMOTE_ADDR="203.0.113.7"
    )
    assert response.status_code == 429


def test_the_rate_limit_forgets_old_messages(demo_site, client):
    window = settings.ENQUIRY_RATE_WINDOW_MINUTES
    _earlier_enquiries(settings.ENQUIRY_RATE_LIMIT, ago=window + 1)
    _earlier_enquiries(settings.ENQUIRY_RATE_LIMIT - 1)
    response = client.post("/contact/", valid_data(), REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 302


@override_settings(ENQUIRY_CLIENT_IP_HEADER="HTTP_X_REAL_IP")
def test_behind_a_proxy_the_rate_limit_counts_the_forwarded_address(demo_site, client):
    _earlier_enquiries(settings.ENQUIRY_RATE_LIMIT, email="someone@example.org")
    response = client.post(
        "/contact/",
        valid_data(email="other@example.net"),
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_REAL_IP="203.0.113.7",
    )
    assert response.status_code == 429


def test_a_post_without_the_csrf_token_is_refused(demo_site):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/contact/", valid_data())
    assert response.status_code == 403
    assert not Enquiry.objects.exists()


def test_with_the_token_from_the_page_the_post_is_accepted(demo_site, smtp_server):
    client = Client(enforce_csrf_checks=True)
    page = client.get("/contact/")
    token = page.context["csrf_token"]
    response = client.post("/contact/", valid_data(csrfmiddlewaretoken=str(token)))
    assert response.status_code == 302
    assert Enquiry.objects.count() == 1


@override_settings(EMAIL_HOST="127.0.0.1", EMAIL_PORT=9, EMAIL_TIMEOUT=2)
def test_mail_server_down_loses_nothing_and_logs_no_personal_data(demo_site, client, caplog):
    from django.core.mail import get_connection  # noqa: F401  (the real SMTP backend)

    caplog.set_level(logging.DEBUG)
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend"):
        response = client.post("/contact/", valid_data(), REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 302
    enquiry = Enquiry.objects.get()
    assert not enquiry.acknowledgement_sent and not enquiry.notification_sent
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert enquiry.reference in logged
    for personal in ("applicant@example.com", "Ana Applicant", MESSAGE, "203.0.113.7"):
        assert personal not in logged


def test_purge_deletes_only_enquiries_past_retention(demo_site):
    days = settings.ENQUIRY_RETENTION_DAYS
    _earlier_enquiries(2, ago=(days + 1) * 24 * 60)
    _earlier_enquiries(1, ago=(days - 1) * 24 * 60)
    from io import StringIO

    out = StringIO()
    call_command("purge_enquiries", stdout=out)
    assert Enquiry.objects.count() == 1
    assert f"Deleted 2 enquiries older than {days} days." in out.getvalue()


def test_privacy_statement_says_what_is_kept_and_for_how_long(demo_site, client):
    html = client.get("/privacy/").content.decode()
    assert "Messages sent through the contact page" in html
    assert f"deleted {settings.ENQUIRY_RETENTION_DAYS} days after it arrives" in html
    assert "network address" in html


def test_officers_read_enquiries_in_the_admin_and_cannot_edit_them(demo_site, client):
    _earlier_enquiries(1)
    enquiry = Enquiry.objects.get()
    officer = get_user_model().objects.get(username="officer")
    assert officer.groups.filter(name="Enquiry officers").exists()
    client.force_login(officer)
    listing = client.get("/admin/enquiries/enquiry/?topic__exact=general")
    assert listing.status_code == 200
    assert "applicant@example.com" in listing.content.decode()
    detail = client.get(f"/admin/enquiries/enquiry/{enquiry.pk}/change/")
    assert detail.status_code == 200
    assert MESSAGE in detail.content.decode()
    assert client.get("/admin/enquiries/enquiry/add/").status_code == 403
    client.post(
        f"/admin/enquiries/enquiry/{enquiry.pk}/change/", {"message": "changed", "topic": "other"}
    )
    enquiry.refresh_from_db()
    assert enquiry.message == MESSAGE


def test_editors_do_not_see_enquiries(demo_site, client):
    editor = get_user_model().objects.get(username="editor")
    assert not Group.objects.get(name="Editors").permissions.filter(codename="view_enquiry")
    client.force_login(editor)
    assert client.get("/admin/enquiries/enquiry/").status_code == 403
