"""Steps of the subscriber's journey, as a browser without JavaScript takes them."""

import re

from django.test import Client

from alerts.models import Subscriber

from .smtp import text_part

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def subscribe(email, *, agreement="thailand", kinds=("call_opened",), client=None, **extra):
    """Open the subscribe page as the box on an agreement page links to it, then submit it."""
    client = client or Client(enforce_csrf_checks=True)
    page = client.get("/alerts/subscribe/", {"agreement": agreement, "kinds": list(kinds)})
    assert page.status_code == 200
    token = CSRF.search(page.content.decode()).group(1)
    data = {"email": email, "agreement": agreement, "kinds": list(kinds), "website": ""}
    data.update(extra)
    return client.post("/alerts/subscribe/", {"csrfmiddlewaretoken": token, **data}, **{})


def link_in(message, kind):
    match = re.search(rf"https://alerts\.test(/alerts/{kind}/[^/\s]+/)", text_part(message))
    assert match, f"no {kind} link in: {text_part(message)}"
    return match.group(1)


def confirm_from_mail(smtp_server, email):
    """Follow the confirmation link of the newest mail to ``email`` and press Confirm."""
    message = smtp_server.to(email)[-1]
    path = link_in(message, "confirm")
    client = Client()
    assert client.get(path).status_code == 200
    response = client.post(path)
    assert response.status_code == 200, response.content
    return Subscriber.objects.get(email=email)
