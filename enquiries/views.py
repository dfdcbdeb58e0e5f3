"""The contact page: the agency's address (CMS content) and the enquiry form.

The page is never cached by anyone but the visitor's own browser session: it carries a CSRF
token and sets the CSRF cookie, so it answers ``Cache-Control: private, no-store`` and the
shared cache at the door (and the CMS page cache) never keeps a copy.
"""

import logging

from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_safe

from . import services
from .forms import EnquiryForm
from .models import Enquiry

logger = logging.getLogger("enquiries")

RATE_LIMITED = (
    "You have sent several messages in a short time, so this one was not sent. Please wait an "
    "hour and try again; what you typed is still below."
)


def _initial(request):
    """Preselect a topic or agreement from the link that led here (e.g. the footer's Feedback)."""
    initial = {}
    if request.GET.get("topic") in Enquiry.Topic.values:
        initial["topic"] = request.GET["topic"]
    if request.GET.get("agreement"):
        initial["agreement"] = (
            EnquiryForm().fields["agreement"].queryset.filter(slug=request.GET["agreement"]).first()
        )
    return initial


@never_cache
@sensitive_post_parameters("email", "name", "message")
@csrf_protect
@require_http_methods(["GET", "HEAD", "POST"])
def contact(request):
    status = 200
    rate_limited = False
    if request.method == "POST":
        form = EnquiryForm(request.POST)
        if form.is_spam:
            logger.info("Contact form: honeypot filled in, message dropped")
            return redirect("enquiries:sent")
        if form.is_valid():
            data = form.cleaned_data
            address_hash = services.ip_hash(services.client_ip(request))
            if services.enquiry_rate_limited(email=data["email"], address_hash=address_hash):
                logger.info("Contact form: rate limit reached, message not stored")
                rate_limited, status = True, 429
            else:
                services.enquiry_submit(
                    email=data["email"],
                    name=data["name"],
                    agreement=data["agreement"],
                    topic=data["topic"],
                    message=data["message"],
                    consent_text=form.fields["consent"].label,
                    address_hash=address_hash,
                )
                return redirect("enquiries:sent")
    else:
        form = EnquiryForm(initial=_initial(request))
    return render(
        request,
        "enquiries/contact.html",
        {"form": form, "rate_limited": rate_limited, "rate_limited_message": RATE_LIMITED},
        status=status,
    )


@never_cache
@require_safe
def sent(request):
    return render(request, "enquiries/sent.html")
