"""Toolbar: on an agreement's pages, publishers get "Publish agreement…" and "Unpublish
agreement…", which open the admin's confirmation page for the one-action publish.

The page's own Publish button (djangocms-versioning's) publishes that one page only; these
entries publish or unpublish the agreement's data and every page of its section together
(``agreements.services.publish_agreement``), after the confirmation lists what changes.
Only users who may publish agreements see them; the admin view checks the permission again.
"""

from cms.toolbar_base import CMSToolbar
from cms.toolbar_pool import toolbar_pool
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from .models import Agreement
from .services import can_publish_agreements

MENU_ID = "agreements-publication"


def agreement_of_page(page):
    """The agreement whose overview is ``page`` or its parent (a tab), or None.

    ``request.current_page`` may be a lazy object wrapping None (an admin or error page).
    """
    if not page:
        return None
    candidates = [page.pk, page.parent_id] if page.parent_id else [page.pk]
    return Agreement.objects.filter(page_id__in=candidates).first()


@toolbar_pool.register
class AgreementPublicationToolbar(CMSToolbar):
    def populate(self):
        user = getattr(self.request, "user", None)
        if not (user and user.is_staff and can_publish_agreements(user)):
            return
        agreement = agreement_of_page(getattr(self.request, "current_page", None))
        if agreement is None:
            return
        back = urlencode({"next": self.request.path})
        menu = self.toolbar.get_or_create_menu(MENU_ID, _("Agreement"))
        menu.add_link_item(
            _("Publish agreement…"),
            url=reverse("admin:agreements_agreement_publish", args=[agreement.pk]) + "?" + back,
        )
        # After an unpublish the page is gone; the admin's list of agreements follows instead.
        menu.add_link_item(
            _("Unpublish agreement…"),
            url=reverse("admin:agreements_agreement_unpublish", args=[agreement.pk]),
        )
