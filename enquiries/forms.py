"""The contact form: plain fields with length limits, a consent statement and a honeypot."""

from django import forms
from django.conf import settings
from django.contrib.auth.base_user import BaseUserManager
from django.utils.translation import gettext_lazy as _

from agreements.selectors import public_agreements as public_agreement_rows

from .models import (
    EMAIL_MAX_LENGTH,
    MESSAGE_MAX_LENGTH,
    MESSAGE_MIN_LENGTH,
    NAME_MAX_LENGTH,
    Enquiry,
)

HONEYPOT_FIELD = "website"


def consent_text():
    """The statement a sender agrees to; stored with the enquiry word for word."""
    return (
        f"I agree that the agency keeps what I send here (my e-mail address, my name if I give "
        f"it, and my message) for up to {settings.ENQUIRY_RETENTION_DAYS} days to answer me and "
        f"improve this site, as the privacy statement explains."
    )


def public_agreements():
    """Public agreements (the one rule, ``Agreement.objects.public``): the ones a visitor can
    have read about."""
    return public_agreement_rows().order_by("partner_country")


class AgreementChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.title


class EnquiryForm(forms.Form):
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=EMAIL_MAX_LENGTH,
        help_text=_("We reply to this address."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    name = forms.CharField(
        label=_("Your name (optional)"),
        max_length=NAME_MAX_LENGTH,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    agreement = AgreementChoiceField(
        label=_("Agreement (optional)"),
        queryset=Enquiry._meta.get_field("agreement").related_model.objects.none(),
        required=False,
        empty_label=_("Not about one agreement"),
    )
    topic = forms.ChoiceField(label=_("Topic"), choices=Enquiry.Topic.choices)
    message = forms.CharField(
        label=_("Your message"),
        min_length=MESSAGE_MIN_LENGTH,
        max_length=MESSAGE_MAX_LENGTH,
        help_text=_("Up to %(max)d characters. Please leave out personal details we do not need.")
        % {"max": MESSAGE_MAX_LENGTH},
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    consent = forms.BooleanField(
        required=True,
        error_messages={"required": _("Tick the box to agree, or we cannot keep your message.")},
    )
    # Left empty by people (the field is hidden from view and from assistive technology);
    # programs that fill in every field give themselves away.
    website = forms.CharField(label=_("Leave this field empty"), required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["agreement"].queryset = public_agreements()
        self.fields["consent"].label = consent_text()
        for name, field in self.fields.items():
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"id_{name}_hint"
        self.fields[HONEYPOT_FIELD].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    def full_clean(self):
        """Validate, then point each field in error at its message for assistive technology."""
        super().full_clean()
        for name, field in self.fields.items():
            described_by = [f"id_{name}_hint"] if field.help_text else []
            if name in self._errors:
                field.widget.attrs["aria-invalid"] = "true"
                described_by.insert(0, f"id_{name}_error")
            if described_by:
                field.widget.attrs["aria-describedby"] = " ".join(described_by)

    @property
    def is_spam(self):
        return bool(self.data.get(HONEYPOT_FIELD, "").strip())

    def clean_email(self):
        return BaseUserManager.normalize_email(self.cleaned_data["email"])
