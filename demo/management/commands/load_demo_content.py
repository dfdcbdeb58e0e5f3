"""Build the whole demo site through the CMS API and publish it through versioning.

Idempotent: pages are found by reverse id or by their agreement, records by slug, so a second
run changes nothing.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.sites.models import Site
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from agreements.models import (
    Agreement,
    AgreementContent,
    AgreementDocument,
    ApplicationStage,
    JointCommitteeCoChair,
    Milestone,
    StageRequirement,
)
from agreements.services import (
    INDEX_REVERSE_ID,
    agreement_create_pages,
    page_add_text,
    page_publish,
    publish_agreement,
    publish_plan,
)
from demo import facts as demo_facts
from demo.registry import load_demo as load_registry_demo
from demo.spanish import load_spanish_data, load_spanish_pages
from demo.standin import standin_pdf
from editorial import shared_blocks
from editorial.roles import ensure_roles
from sitesearch.indexing import rebuild_index

DEMO_USERS = [
    # username, password, group, superuser
    ("admin", "admin-demo-pass", None, True),
    ("editor", "editor-demo-pass", "Editors", False),
    ("publisher", "publisher-demo-pass", "Publishers", False),
    ("officer", "officer-demo-pass", "Enquiry officers", False),
]

HOME_INTRO = (
    "<p>Singapore works with partner countries under Article 6 of the Paris Agreement so that "
    "high-quality carbon credits can move between countries without being counted twice. "
    "Each partnership rests on a legally binding Implementation Agreement.</p>"
)
HOME_CONTENT = (
    "<h2>How the cooperation works</h2><p>A host country authorises mitigation projects on its "
    "territory. When their credits are transferred to Singapore, the host country makes a "
    "corresponding adjustment to its own emissions accounts. Every authorised project gives 5% "
    "of its proceeds to the host country's adaptation needs and cancels 2% of its authorised "
    "credits at first issuance for an overall reduction in global emissions.</p>"
)
# Opening prose of an agreement's overview tab, for agreements whose facts DOMAIN.md gives.
AGREEMENT_INTROS = {
    "peru": (
        "<p>Singapore and Peru concluded negotiations at COP29 and signed their Implementation "
        "Agreement on 31 March 2025. Projects in Peru can now apply for authorisation; the "
        "Application process tab explains the three stages.</p>"
    ),
}
INDEX_INTRO = (
    "<p>Singapore has signed Implementation Agreements with the countries below. Open an "
    "agreement to see its signed documents, its Joint Committee and how to apply.</p>"
)


def footer_links_html(links):
    """The footer's list of links as rich text, with the addresses the pages and views have now
    (editors change them in the text editor's link dialog)."""
    from cms.models import Page

    items = []
    for label, target in links:
        if "page" in target:
            page = Page.objects.get(reverse_id=target["page"])
            attributes = f'href="{page.get_absolute_url()}"'
        elif "url_name" in target:
            attributes = f'href="{reverse(target["url_name"])}{target.get("suffix", "")}"'
        else:
            attributes = f'href="{target["href"]}" rel="noopener"'
        items.append(f"<li><a {attributes}>{escape(label)}</a></li>")
    return f"<ul>{''.join(items)}</ul>"


class Command(BaseCommand):
    help = "Create or refresh the demo site: pages, agreements, documents and demo accounts."

    def handle(self, *args, **options):
        # The demo's texts are English: plain field names write the active language's columns
        # (modeltranslation), so write with English active whatever language the caller left on.
        with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
            Site.objects.update_or_create(
                pk=1, defaults={"domain": "127.0.0.1:8000", "name": "Carbon Markets Cooperation"}
            )
            ensure_roles()
            admin = self._users()
            created = self._pages(admin)
            self._shared_blocks(admin)
            for facts in demo_facts.AGREEMENTS:
                created += self._agreement(facts, admin)
            # Registry lists, register rows and tabs, then a fresh search index.
            created += load_registry_demo(user=admin)
            rebuild_index()
            load_spanish_data()
            # Each new agreement's data and pages go live together, as a publisher would do it.
            for agreement in Agreement.objects.order_by("pk"):
                if publish_plan(agreement).versions:
                    publish_agreement(agreement=agreement, user=admin)
            # An unofficial Spanish version of the pages Peruvian developers read first.
            created += load_spanish_pages(user=admin)
            # The real site's old addresses answer 301s to the agreements' new pages.
            call_command("seed_redirects", verbosity=0)
        # What the production worker does in the background: read the signed PDFs for search.
        call_command("extract_document_text", verbosity=0)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content ready: {Agreement.objects.count()} agreements, {created} new pages."
            )
        )

    def _users(self):
        User = get_user_model()
        admin = None
        for username, password, group, is_superuser in DEMO_USERS:
            user, made = User.objects.get_or_create(
                username=username,
                defaults={
                    "is_staff": True,
                    "is_superuser": is_superuser,
                    "email": f"{username}@example.org",
                },
            )
            if made:
                user.set_password(password)
                user.save()
            if group:
                user.groups.add(Group.objects.get(name=group))
            if is_superuser:
                admin = user
        return admin

    def _standard_page(self, user, reverse_id, title, slug, template, parent=None, **kwargs):
        from cms.api import create_page
        from cms.models import Page

        page = Page.objects.filter(reverse_id=reverse_id).first()
        if page:
            return page, False
        page = create_page(
            title,
            template,
            "en",
            slug=slug,
            parent=parent,
            created_by=user,
            in_navigation=kwargs.pop("in_navigation", True),
            reverse_id=reverse_id,
            **kwargs,
        )
        return page, True

    def _pages(self, user):
        from django.db import transaction as tx

        created = 0
        home, made = self._standard_page(
            user,
            "home",
            "Home",
            "home",
            "pages/home.html",
            page_title="Carbon markets cooperation under Article 6",
            menu_title="Home",
        )
        if made:
            page_add_text(page=home, slot="intro", html=HOME_INTRO)
            page_add_text(page=home, slot="content", html=HOME_CONTENT)
            page_publish(page=home, user=user)
            with tx.atomic():
                home.set_as_homepage(user)
            created += 1
        index, made = self._standard_page(
            user,
            INDEX_REVERSE_ID,
            "Implementation Agreements",
            "implementation-agreements",
            "pages/agreements_index.html",
        )
        if made:
            page_add_text(page=index, slot="intro", html=INDEX_INTRO)
            page_publish(page=index, user=user)
            created += 1
        for reverse_id, title, slug, paragraphs in demo_facts.STANDARD_PAGES:
            page, made = self._standard_page(
                user,
                reverse_id,
                title,
                slug,
                "pages/content.html",
                in_navigation=reverse_id in {"faq", "contact"},
            )
            if made:
                for html in paragraphs:
                    html = html.replace("{retention_days}", str(settings.ENQUIRY_RETENTION_DAYS))
                    page_add_text(page=page, slot="content", html=html)
                page_publish(page=page, user=user)
                created += 1
        return created

    def _shared_blocks(self, user):
        """The footer links and the commitments text, published; kept as they are on a rerun."""
        shared_blocks.create_shared_block(
            static_code=shared_blocks.FOOTER_LINKS,
            name="Footer links",
            html=footer_links_html(demo_facts.FOOTER_LINKS),
            user=user,
        )
        shared_blocks.create_shared_block(
            static_code=shared_blocks.PROJECT_COMMITMENTS,
            name="What every authorised project commits to",
            html=demo_facts.COMMITMENTS_HTML,
            user=user,
        )

    def _agreement(self, facts, user):
        facts = dict(facts)
        documents = facts.pop("documents", None)
        co_chairs = facts.pop("co_chairs", [])
        stages = facts.pop("stages", [])
        milestones = facts.pop("milestones", [])
        facts.setdefault("status", Agreement.Status.SIGNED)
        if Agreement.objects.filter(slug=facts["slug"]).exists():
            return 0
        grouper = Agreement.objects.create(
            slug=facts.pop("slug"), partner_country=facts.pop("partner_country")
        )
        # A first draft version of the data; published with the pages at the end.
        agreement = AgreementContent.objects.with_user(user).create(agreement=grouper, **facts)
        if documents is None:
            documents = [
                (
                    "main_text",
                    "",
                    f"Implementation Agreement between Singapore and {agreement.partner_country}",
                )
            ]
        for order, (kind, letter, title) in enumerate(documents):
            document = AgreementDocument(
                agreement=agreement,
                kind=kind,
                letter=letter,
                title=title,
                order=order,
                is_stand_in=True,
            )
            document.file = standin_pdf(title=title, agreement_title=agreement.title)
            document.file.name = f"{agreement.slug}-{document.url_name}.pdf"
            document.full_clean()
            document.save()
        for party, position, organisation in co_chairs:
            JointCommitteeCoChair.objects.create(
                agreement=agreement, party=party, position_title=position, organisation=organisation
            )
        for order, stage_facts in enumerate(stages, start=1):
            stage_facts = dict(stage_facts)
            requirements = stage_facts.pop("requirements", [])
            # Only the stage titles come from public sources; their wording and form names are
            # examples, and the site marks them so.
            stage_facts.setdefault("is_illustrative", True)
            stage = ApplicationStage.objects.create(agreement=agreement, order=order, **stage_facts)
            for position, title in enumerate(requirements):
                StageRequirement.objects.create(stage=stage, order=position, title=title)
        if agreement.negotiations_concluded_on:
            Milestone.objects.create(
                agreement=agreement,
                date=agreement.negotiations_concluded_on,
                kind=Milestone.Kind.NEGOTIATIONS_CONCLUDED,
            )
        if agreement.signed_on:
            Milestone.objects.create(
                agreement=agreement,
                date=agreement.signed_on,
                kind=Milestone.Kind.SIGNED,
                description=agreement.signed_place,
            )
        for kind, when, description in milestones:
            Milestone.objects.create(
                agreement=agreement, date=when, kind=kind, description=description
            )
        agreement_create_pages(
            agreement=grouper,
            user=user,
            intro_html=AGREEMENT_INTROS.get(grouper.slug),
            summary=agreement.summary,
        )
        return 1 + grouper.page.get_child_pages().count()
