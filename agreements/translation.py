"""What a visitor reads of agreement data, in English and Spanish (django-modeltranslation).

Each field below gains a column per language (``title_en``, ``title_es``); reading ``title``
gives the active language's text, or the English one while the Spanish is empty. The columns
belong to the version's own rows, so a new draft (``agreements.versioning``) copies them with
everything else.

The diagram's alt text stays one column: a database check ties it to the diagram, and a check
cannot see the per-language columns; its long description is translated.
"""

from modeltranslation.translator import TranslationOptions, register

from .models import (
    Agreement,
    AgreementContent,
    AgreementDocument,
    ApplicationStage,
    JointCommitteeCoChair,
    Milestone,
)


@register(Agreement)
class AgreementTranslation(TranslationOptions):
    fields = ("partner_country",)


@register(AgreementContent)
class AgreementContentTranslation(TranslationOptions):
    fields = (
        "signed_place",
        "application_status_note",
        "summary",
        "process_diagram_long_description",
    )


@register(AgreementDocument)
class AgreementDocumentTranslation(TranslationOptions):
    fields = ("title",)


@register(JointCommitteeCoChair)
class CoChairTranslation(TranslationOptions):
    fields = ("position_title", "organisation")


@register(ApplicationStage)
class ApplicationStageTranslation(TranslationOptions):
    fields = ("title", "purpose", "applicant_submits", "applicant_receives")


@register(Milestone)
class MilestoneTranslation(TranslationOptions):
    fields = ("description",)
