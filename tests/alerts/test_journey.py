"""The whole journey over a real SMTP server: subscribe, confirm, a call opens, unsubscribe."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from agreements.models import Agreement, AgreementContent
from agreements.services import agreement_create_pages
from alerts.models import AlertChange, Delivery, Subscriber, Subscription
from tests.agreements.factories import make_agreement
from tests.editors.admin_forms import change_form_data

from .helpers import confirm_from_mail, link_in, subscribe
from .smtp import html_part, text_part

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture
def publisher_client(demo_site):
    client = Client()
    client.force_login(get_user_model().objects.get(username="publisher"))
    return client


def open_call_in_draft(client, agreement, since="2025-12-01"):
    """ "Edit data" on the agreement, set the application status open in the draft and save."""
    response = client.get(
        reverse("admin:agreements_agreement_edit_data", args=[agreement.pk]), follow=True
    )
    url = response.redirect_chain[-1][0]
    draft = AgreementContent.admin_manager.get(pk=int(re.search(r"/(\d+)/change/", url)[1]))
    data = change_form_data(client, url)
    data.update(application_status="open", application_status_since=since)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    draft.refresh_from_db()
    assert draft.application_status == "open"
    return draft


def publish_from_confirmation(client, agreement, **choices):
    """The publisher's confirmation page, then its Publish button."""
    url = reverse("admin:agreements_agreement_publish", args=[agreement.pk])
    page = client.get(url).content.decode()
    response = client.post(url, choices)
    assert response.status_code == 302
    return page


def open_call(client, agreement, since="2025-12-01", **choices):
    """What a publisher does: open the call in a draft of the data, then publish the agreement."""
    open_call_in_draft(client, agreement, since)
    page = publish_from_confirmation(client, agreement, **choices)
    assert AgreementContent.objects.get(agreement=agreement).application_status == "open"
    return page


def test_subscribe_confirm_call_opens_one_mail_then_one_click_unsubscribe(
    smtp_server, publisher_client
):
    thailand = Agreement.objects.get(slug="thailand")
    assert AgreementContent.objects.get(agreement=thailand).application_status != "open"

    response = subscribe("applicant@example.org")
    assert response.status_code == 200
    assert "Check your e-mail" in response.content.decode()
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    confirm_from_mail(smtp_server, "applicant@example.org")
    # A second, confirmed subscriber follows every agreement; an unconfirmed one gets nothing.
    subscribe("consultant@example.org", agreement="all", kinds=["call_opened", "agreement_signed"])
    confirm_from_mail(smtp_server, "consultant@example.org")
    subscribe("unconfirmed@example.org")
    before = len(smtp_server.messages)
    changes_before = AlertChange.objects.filter(agreement=thailand).count()

    confirmation = open_call(publisher_client, thailand)
    # Two confirmed subscribers want this; the unconfirmed one does not count.
    assert "This change will notify 2 subscribers." in confirmation
    assert 'name="no_alert"' in confirmation and "t send an alert (trivial fix)" in confirmation
    assert AlertChange.objects.filter(agreement=thailand).count() == changes_before + 1
    assert len(smtp_server.messages) == before  # nothing leaves until the sender runs
    call_command("send_alerts", verbosity=0)

    mails = smtp_server.to("applicant@example.org")[1:]  # after the confirmation request
    assert len(mails) == 1
    mail = mails[0]
    assert mail["Subject"].strip() == (
        "Singapore–Thailand Implementation Agreement: applications are open"
    )
    page = "https://alerts.test/implementation-agreements/thailand/"
    assert page in text_part(mail) and f'href="{page}"' in html_part(mail)
    assert "applications under the Singapore–Thailand" in text_part(mail)
    assert "1 December 2025" in text_part(mail)
    unsubscribe_path = link_in(mail, "unsubscribe")
    assert mail["List-Unsubscribe"].strip() == f"<https://alerts.test{unsubscribe_path}>"
    assert mail["List-Unsubscribe-Post"].strip() == "List-Unsubscribe=One-Click"
    assert mail["Message-ID"].strip().startswith("<alerts.")
    assert len(smtp_server.to("consultant@example.org")) == 2
    assert len(smtp_server.to("unconfirmed@example.org")) == 1  # the confirmation request only

    # Sending again sends nothing more.
    call_command("send_alerts", verbosity=0)
    assert len(smtp_server.to("applicant@example.org")) == 2

    # RFC 8058 one-click: the mail client POSTs, without cookies or login.
    response = Client(enforce_csrf_checks=True).post(
        unsubscribe_path,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not Subscriber.objects.filter(email="applicant@example.org").exists()
    assert Subscriber.objects.filter(email="consultant@example.org").exists()


def test_unsubscribe_link_cannot_be_turned_against_another_address(smtp_server):
    subscribe("a@example.org")
    confirm_from_mail(smtp_server, "a@example.org")
    subscribe("b@example.org")
    b = confirm_from_mail(smtp_server, "b@example.org")
    from alerts.tokens import subscriber_token

    token = subscriber_token(Subscriber.objects.get(email="a@example.org"))
    value, signature = token.rsplit(":", 1)
    forged = f"{b.public_id.hex}:{signature}"  # B's id under A's signature
    client = Client()
    assert client.post(f"/alerts/unsubscribe/{forged}/").status_code == 404
    assert client.post(f"/alerts/unsubscribe/{token[:-1]}x/").status_code == 404
    # An address in the request changes nothing: the token alone says whose alerts stop.
    client.post(f"/alerts/unsubscribe/{token}/", {"email": "b@example.org"})
    assert not Subscriber.objects.filter(email="a@example.org").exists()
    assert Subscription.objects.filter(subscriber=b, confirmed_at__isnull=False).count() == 1


def test_a_draft_sends_nothing(smtp_server, publisher_client):
    thailand = Agreement.objects.get(slug="thailand")
    admin = get_user_model().objects.get(username="admin")
    unpublished = make_agreement(partner_country="Draftland", slug="draftland", published=False)
    agreement_create_pages(agreement=unpublished.agreement, user=admin)
    subscribe("everything@example.org", agreement="all", kinds=["call_opened", "agreement_signed"])
    confirm_from_mail(smtp_server, "everything@example.org")
    changes_before = AlertChange.objects.count()

    # The call opened in drafts of data (a public agreement's and an unpublished one's), saved
    # by a publisher but not published.
    open_call_in_draft(publisher_client, thailand)
    open_call_in_draft(publisher_client, unpublished.agreement, since="2025-02-01")
    call_command("send_alerts", verbosity=0)

    assert AlertChange.objects.count() == changes_before
    assert not Delivery.objects.exists()
    assert len(smtp_server.to("everything@example.org")) == 1  # the confirmation request only


def test_no_alert_for_a_trivial_fix(smtp_server, publisher_client):
    thailand = Agreement.objects.get(slug="thailand")
    subscribe("applicant@example.org")
    confirm_from_mail(smtp_server, "applicant@example.org")

    open_call(publisher_client, thailand, no_alert="1")
    call_command("send_alerts", verbosity=0)

    change = AlertChange.objects.filter(agreement=thailand).latest("pk")
    assert change.no_alert and change.published_by.username == "publisher"
    assert not Delivery.objects.exists()
    assert len(smtp_server.to("applicant@example.org")) == 1  # the confirmation request only


def test_manage_page_lists_and_deletes_subscriptions(smtp_server):
    subscribe("m@example.org")
    subscribe("m@example.org", agreement="all", kinds=["agreement_signed"])
    confirm_from_mail(smtp_server, "m@example.org")
    subscriber = Subscriber.objects.get(email="m@example.org")
    from alerts.mail import subscriber_links

    manage = subscriber_links(subscriber)["manage_url"].removeprefix("https://alerts.test")
    page = Client().get(manage)
    html = page.content.decode()
    assert "m@example.org" in html and "Singapore–Thailand" in html and "All agreements" in html
    assert "no-store" in page["Cache-Control"]
    thailand_sub = subscriber.subscriptions.get(agreement__slug="thailand")
    Client().post(manage, {"delete": thailand_sub.pk})
    assert list(subscriber.subscriptions.values_list("agreement", flat=True)) == [None]
    Client().post(manage, {"delete": "all"})
    assert not Subscriber.objects.filter(email="m@example.org").exists()
