"""Subscribe, confirm, manage and unsubscribe pages.

None of these pages is cached and none is linked from a cached page with a token in it: the
forms on cached agreement pages only GET this subscribe page (see
``alerts/includes/subscribe_box.html``), which renders the real form with its CSRF token and
``Cache-Control: private, no-store``. Confirm, manage and unsubscribe are authorised by the
signed token in their address, which an attacker cannot forge without the e-mail, so they take
POSTs without a CSRF cookie; that is also what RFC 8058 one-click unsubscribe needs (a mail
client POSTs ``List-Unsubscribe=One-Click`` with no cookies).
"""

import logging

from django.conf import settings
from django.core import signing
from django.http import Http404
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from agreements.models import Agreement

from . import ratelimit, services, tokens
from .forms import ALL_AGREEMENTS, SubscribeForm
from .kinds import AlertKind
from .mail import confirmation_message

logger = logging.getLogger("alerts")


def _private(response):
    patch_cache_control(response, private=True, no_store=True, max_age=0)
    # Token addresses never leave in a Referer to another site. Not "no-referrer": with it
    # browsers send "Origin: null" on the page's own forms, which Django's CSRF check refuses.
    response["Referrer-Policy"] = "same-origin"
    return response


def _page(request, template, context=None, status=200):
    return _private(render(request, f"alerts/{template}.html", context or {}, status=status))


@csrf_protect
@require_http_methods(["GET", "POST"])
def subscribe(request):
    if request.method == "GET":
        initial = {
            "agreement": request.GET.get("agreement") or ALL_AGREEMENTS,
            "kinds": request.GET.getlist("kinds")
            or [AlertKind.CALL_OPENED, AlertKind.DOCUMENTS_CHANGED, AlertKind.ELIGIBILITY_CHANGED],
        }
        return _page(request, "subscribe", {"form": SubscribeForm(initial=initial)})

    if not ratelimit.allow(
        "client", ratelimit.client_address(request), **settings.ALERTS_RATE_LIMIT_CLIENT
    ):
        return _page(request, "too_many", status=429)
    form = SubscribeForm(request.POST)
    if form.is_bot:
        logger.info("Subscribe request with the honeypot filled in: ignored")
        return _page(request, "check_email")
    if not form.is_valid():
        return _page(request, "subscribe", {"form": form}, status=400)

    slug = form.cleaned_data["agreement"]
    agreement = None if slug == ALL_AGREEMENTS else Agreement.objects.get(slug=slug)
    email = services.normalise_email(form.cleaned_data["email"])
    # The same page follows whatever happens next, so it never tells whether the address was
    # already subscribed, or limited.
    if ratelimit.allow("email", email, **settings.ALERTS_RATE_LIMIT_EMAIL):
        subscription, token = services.request_subscription(
            email=email, agreement=agreement, kinds=form.cleaned_data["kinds"]
        )
        # The request is committed by now (the service is atomic and requests are not).
        _send_confirmation(
            confirmation_message(subscription=subscription, token=token),
            subscription.subscriber_id,
        )
    else:
        logger.info("Confirmation e-mail not sent: the address reached its limit")
    return _page(request, "check_email")


def _send_confirmation(message, subscriber_id):
    try:
        message.send()
    except Exception:
        logger.exception("Could not send the confirmation e-mail to subscriber %s", subscriber_id)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    try:
        payload = tokens.read_confirm_token(token)
    except signing.SignatureExpired:
        return _page(request, "link_expired", status=410)
    except signing.BadSignature:
        return _page(request, "link_invalid", status=404)
    if request.method == "GET":  # a mail scanner following the link confirms nothing
        return _page(request, "confirm", {"kinds": [AlertKind(k).label for k in payload["k"]]})
    subscription = services.confirm_subscription(payload)
    if subscription is None:
        return _page(request, "link_invalid", status=404)
    from .mail import subscriber_links

    return _page(
        request,
        "confirmed",
        {"subscription": subscription, **subscriber_links(subscription.subscriber)},
    )


def _subscriber_or_404(token):
    try:
        subscriber = services.subscriber_for_token(token)
    except signing.BadSignature:
        raise Http404("Unknown link") from None
    return subscriber


@csrf_exempt
@require_http_methods(["GET", "POST"])
def manage(request, token):
    subscriber = _subscriber_or_404(token)
    if subscriber is None:
        return _page(request, "unsubscribed")
    if request.method == "POST":
        if request.POST.get("delete") == "all":
            services.delete_subscriber(subscriber)
            return _page(request, "unsubscribed")
        try:
            subscription_id = int(request.POST.get("delete", ""))
        except ValueError:
            subscription_id = None
        if subscription_id is not None:
            services.delete_subscription(subscriber=subscriber, subscription_id=subscription_id)
        if not type(subscriber).objects.filter(pk=subscriber.pk).exists():
            return _page(request, "unsubscribed")
    subscriptions = subscriber.subscriptions.select_related("agreement")
    return _page(
        request,
        "manage",
        {"subscriber": subscriber, "subscriptions": subscriptions, "token": token},
    )


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET shows a one-button page; POST (the button, or RFC 8058 one-click) unsubscribes."""
    subscriber = _subscriber_or_404(token)
    if request.method == "GET":
        if subscriber is None:
            return _page(request, "unsubscribed")
        return _page(request, "unsubscribe", {"token": token})
    if subscriber is not None:
        subscriber_id = subscriber.pk
        services.delete_subscriber(subscriber)
        logger.info("Subscriber %s unsubscribed and deleted", subscriber_id)
    return _page(request, "unsubscribed")
