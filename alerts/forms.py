"""The subscribe form: an address, one agreement or all, and the kinds of update."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .kinds import AlertKind

ALL_AGREEMENTS = "all"


def public_agreement_choices():
    """(slug, title) of every agreement visitors can see, newest first."""
    from agreements.selectors import public_agreement_contents

    rows = public_agreement_contents().newest_first()
    return [(row.slug, row.short_title) for row in rows]


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    agreement = forms.ChoiceField(label=_("Which agreement"))
    kinds = forms.MultipleChoiceField(
        label=_("Tell me when"),
        choices=AlertKind.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one kind of update.")},
    )
    # A field people never see or fill in; automated form fillers do.
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    def __init__(self, *args, agreement_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = agreement_choices if agreement_choices is not None else public_agreement_choices()
        self.fields["agreement"].choices = [(ALL_AGREEMENTS, _("All agreements"))] + choices

    @property
    def is_bot(self):
        return bool(self.data.get("website"))
