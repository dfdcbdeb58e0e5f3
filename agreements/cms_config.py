"""django CMS integration: the agreement wizard in the toolbar's "Create" menu."""

from cms.app_base import CMSAppConfig

from .cms_wizards import agreement_wizard


class AgreementsCMSConfig(CMSAppConfig):
    cms_enabled = True
    cms_wizards = [agreement_wizard]
