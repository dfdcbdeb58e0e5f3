"""The eligibility list's notes in English and Spanish (see ``agreements.translation``)."""

from modeltranslation.translator import TranslationOptions, register

from .models import EligibilityList, EligibleMethodology, EligibleProgramme


@register(EligibilityList)
class EligibilityListTranslation(TranslationOptions):
    fields = ("note",)


@register(EligibleProgramme)
class EligibleProgrammeTranslation(TranslationOptions):
    fields = ("conditions", "exclusions")


@register(EligibleMethodology)
class EligibleMethodologyTranslation(TranslationOptions):
    fields = ("exclusions", "notes")
