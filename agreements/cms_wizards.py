"""The CMS toolbar's "Create" wizard for a newly signed agreement: its data and its pages at once.

An editor fills in the facts of the signing; the wizard saves the agreement and creates its
draft page section (overview and application process tabs), then opens the overview in the
editor to write the prose and publish.
"""

from cms.toolbar.utils import get_object_edit_url
from cms.wizards.wizard_base import Wizard
from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .models import Agreement
from .services import agreement_create_pages, page_content


class AgreementWizardForm(forms.ModelForm):
    """The facts known on the day of signing; everything else is added later in the admin."""

    press_release_url = forms.URLField(
        label=_("press release link"), required=False, assume_scheme="https"
    )

    class Meta:
        model = Agreement
        fields = [
            "partner_country",
            "slug",
            "partner_party",
            "status",
            "negotiations_concluded_on",
            "signed_on",
            "signed_place",
            "press_release_url",
            "summary",
        ]
        widgets = {
            "negotiations_concluded_on": forms.DateInput(attrs={"type": "date"}),
            "signed_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, **kwargs):
        # Inside the wizard, the CMS's form mixin has already taken its wizard_* arguments and
        # set self._request; used on its own, the form takes them here.
        request = kwargs.pop("wizard_request", None)
        for key in ("wizard_page", "wizard_site", "wizard_language"):
            kwargs.pop(key, None)
        super().__init__(*args, **kwargs)
        if request is not None or not hasattr(self, "_request"):
            self._request = request

    @transaction.atomic
    def save(self, commit=True):
        agreement = super().save(commit=True)
        agreement_create_pages(agreement=agreement, user=self._request.user)
        return agreement


class AgreementWizard(Wizard):
    def user_has_add_permission(self, user, **kwargs):
        return user.has_perm("agreements.add_agreement") and user.has_perm("cms.add_page")

    def get_success_url(self, obj, **kwargs):
        content = page_content(obj.page, kwargs.get("language"))
        return get_object_edit_url(content, language=kwargs.get("language"))


agreement_wizard = AgreementWizard(
    title=_("New Implementation Agreement"),
    weight=200,
    form=AgreementWizardForm,
    model=Agreement,
    description=_(
        "Record a newly signed agreement and create its overview and application process pages."
    ),
)
