"""The CMS toolbar's "Create" wizard for a newly signed agreement: its data and its pages at once.

An editor fills in the facts of the signing; the wizard saves the agreement with a draft version
of its data and creates its draft page section (overview and its tabs), then opens the overview
in the editor to write the prose. A publisher then publishes all of it in one action
(``agreements.services.publish_agreement``).
"""

from cms.toolbar.utils import get_object_edit_url
from cms.wizards.wizard_base import Wizard
from django import forms
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from .models import Agreement, AgreementContent
from .services import agreement_create_draft, page_content


class AgreementWizardForm(forms.ModelForm):
    """The facts known on the day of signing; everything else is added later in the admin."""

    partner_country = forms.CharField(label=_("Partner country"), max_length=100)
    slug = forms.SlugField(
        label=_("Address (slug)"),
        max_length=100,
        required=False,
        help_text=_(
            "Used in the agreement's addresses, e.g. 'peru' gives "
            "/implementation-agreements/peru/. Leave empty to use the country's name."
        ),
    )
    press_release_url = forms.URLField(
        label=_("Press release link"), required=False, assume_scheme="https"
    )

    class Meta:
        model = AgreementContent
        fields = [
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

    field_order = ["partner_country", "slug"]

    def __init__(self, *args, **kwargs):
        # Inside the wizard, the CMS's form mixin has already taken its wizard_* arguments and
        # set self._request; used on its own, the form takes them here.
        request = kwargs.pop("wizard_request", None)
        for key in ("wizard_page", "wizard_site", "wizard_language"):
            kwargs.pop(key, None)
        super().__init__(*args, **kwargs)
        if request is not None or not hasattr(self, "_request"):
            self._request = request

    def clean_partner_country(self):
        country = self.cleaned_data["partner_country"].strip()
        if Agreement.objects.filter(partner_country__iexact=country).exists():
            raise forms.ValidationError(
                _("There is already an agreement with %(country)s."), params={"country": country}
            )
        return country

    def clean(self):
        cleaned = super().clean()
        country = cleaned.get("partner_country")
        slug = cleaned.get("slug") or (slugify(country) if country else "")
        if country and not slug:
            self.add_error("slug", _("Give an address made of letters, digits and hyphens."))
        elif slug and Agreement.objects.filter(slug=slug).exists():
            self.add_error(
                "slug", _("Another agreement already uses the address “%(slug)s”.") % {"slug": slug}
            )
        cleaned["slug"] = slug
        return cleaned

    def _post_clean(self):
        # The content's own checks (dates in order, signed needs a date) run without the
        # agreement, which does not exist yet.
        self.instance.agreement = Agreement(
            partner_country=self.cleaned_data.get("partner_country", ""),
            slug=self.cleaned_data.get("slug", ""),
        )
        super()._post_clean()

    def validate_unique(self):
        pass

    @transaction.atomic
    def save(self, commit=True):
        data = {name: self.cleaned_data[name] for name in self._meta.fields}
        content = agreement_create_draft(
            partner_country=self.cleaned_data["partner_country"],
            slug=self.cleaned_data["slug"],
            user=self._request.user,
            **data,
        )
        self.instance = content
        return content.agreement


class AgreementWizard(Wizard):
    def user_has_add_permission(self, user, **kwargs):
        return (
            user.has_perm("agreements.add_agreement")
            and user.has_perm("agreements.add_agreementcontent")
            and user.has_perm("cms.add_page")
        )

    def get_success_url(self, obj, **kwargs):
        content = page_content(obj.page, kwargs.get("language"))
        return get_object_edit_url(content, language=kwargs.get("language"))


agreement_wizard = AgreementWizard(
    title=_("New Implementation Agreement"),
    weight=200,
    form=AgreementWizardForm,
    model=Agreement,
    description=_(
        "Record a newly signed agreement and create its draft pages, to be published together."
    ),
)
