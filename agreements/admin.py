"""Admin for agreement data, laid out for editors.

An agreement (its country, address and page section) is listed once, with its state: published,
published with a draft pending, or not published. Its facts are edited as a *version*
(``AgreementContent``) through djangocms-versioning: an editor changes the draft, with documents,
co-chairs, stages and milestones as inlines; the version list shows who changed what and when,
and offers compare and revert. A publisher publishes the data and all the pages of the section
in one action, after a confirmation page (``publish_agreement``).
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from djangocms_versioning.constants import DRAFT, PUBLISHED
from djangocms_versioning.helpers import version_list_url_for_grouper
from djangocms_versioning.models import Version

from security.uploads import CheckedImageField

from .models import (
    Agreement,
    AgreementContent,
    AgreementDocument,
    ApplicationStage,
    FormerAddress,
    JointCommitteeCoChair,
    Milestone,
    StageRequirement,
)
from .selectors import lacking_spanish, spanish_gaps
from .services import (
    address_change,
    agreement_create_pages,
    agreement_draft,
    can_publish_agreements,
    current_content,
    publish_agreement,
    publish_plan,
    unpublish_agreement,
    unpublish_plan,
)
from .signals import notices_for_publish
from .validators import MAX_IMAGE_BYTES

# Editors often paste addresses without a scheme; assume the secure one.
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}
# The process diagram: the upload checks' plain messages first, then a re-encoded clean copy.
CHECKED_DIAGRAM = {
    models.ImageField: {"form_class": CheckedImageField, "max_bytes": MAX_IMAGE_BYTES},
}


def draft_only(queryset, prefix="agreement__"):
    """Rows of draft versions only: published and older versions are changed through a new
    draft, never in place."""
    return queryset.filter(**{f"{prefix}versions__state": DRAFT})


def draft_agreement_contents():
    """Versions of agreement data that may be changed: the drafts."""
    return draft_only(AgreementContent.admin_manager.all(), prefix="").select_related("agreement")


class DraftChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _("%(agreement)s (draft)") % {"agreement": obj.agreement}


class DraftAgreementChoiceMixin:
    """For the admin of rows that hang off agreement data (``agreement`` points to a version):
    the agreement can only be chosen among drafts, so nothing is added to a published version."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "agreement":
            kwargs["queryset"] = draft_agreement_contents()
            kwargs["form_class"] = DraftChoiceField
            kwargs["help_text"] = _(
                "Only agreements with a draft are listed. To change a published agreement, open "
                "it under “Implementation agreements” and choose “Edit data”: that starts a "
                "draft. A publisher then publishes it."
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class StoredAddressFormSet(forms.BaseInlineFormSet):
    """Two rows of one submission with the same address get a plain message on the field."""

    def clean(self):
        seen = set()
        for form in self.forms:
            if form in self.deleted_forms or not hasattr(form, "cleaned_data"):
                continue
            slug = form.cleaned_data.get("slug")
            if slug and slug in seen:
                form.add_error(
                    "slug",
                    _("Another row here already has the address “%(slug)s”.") % {"slug": slug},
                )
            seen.add(slug)
        super().clean()


class StoredAddressMixin:
    """Inlines of rows with a stored address (``slug``) that the model fills when left empty.

    An empty field stays None rather than "": the formset's uniqueness check skips it, so two new
    rows with empty addresses do not clash before the model has given each its own.
    """

    formset = StoredAddressFormSet

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "slug":
            formfield.empty_value = None
        return formfield


def record_address_changes(formset, kind, agreement):
    """After an inline formset is saved: every changed address of an existing row redirects
    from its old value (``services.address_change``)."""
    deleted = {form.instance.pk for form in formset.deleted_forms}
    for form in formset.forms:
        old = form.initial.get("slug")
        kept = form.instance.pk and form.instance.pk not in deleted
        if old and kept and form.instance.slug != old:
            address_change(
                agreement=agreement, kind=kind, old_slug=old, new_slug=form.instance.slug
            )


class AgreementDocumentInline(StoredAddressMixin, admin.TabularInline):
    model = AgreementDocument
    extra = 0
    fields = [
        "kind",
        "letter",
        "title",
        "title_es",
        "slug",
        "order",
        "file",
        "file_size",
        "page_count",
        "file_es",
        "is_stand_in",
        "public_link",
    ]
    readonly_fields = ["file_size", "page_count", "public_link"]

    @admin.display(description=_("public address"))
    def public_link(self, obj):
        if not obj.pk or not obj.file:
            return "–"
        try:
            url = obj.get_absolute_url()
        except NoReverseMatch:  # an address being corrected in a form with errors
            return "–"
        return format_html('<a href="{}">{}</a>', url, url)


class CoChairInline(admin.TabularInline):
    model = JointCommitteeCoChair
    extra = 0
    max_num = 2
    # Each text with its Spanish column beside it (agreements/translation.py).
    fields = [
        "party",
        "position_title",
        "position_title_es",
        "organisation",
        "organisation_es",
        "is_illustrative",
    ]


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0
    fields = ["date", "kind", "description", "description_es"]


class ApplicationStageInline(admin.StackedInline):
    model = ApplicationStage
    extra = 0
    show_change_link = True
    fields = [
        "order",
        "title",
        "title_es",
        "purpose",
        "purpose_es",
        "applicant_submits",
        "applicant_submits_es",
        "applicant_receives",
        "applicant_receives_es",
        "is_illustrative",
    ]


def _version_exists(state):
    return Exists(
        Version.objects.filter(
            content_type__app_label="agreements",
            content_type__model="agreementcontent",
            state=state,
            object_id__in=AgreementContent.admin_manager.filter(
                agreement=OuterRef(OuterRef("pk"))
            ).values("pk"),
        )
    )


class PublicationStateFilter(admin.SimpleListFilter):
    title = _("publication")
    parameter_name = "publication"

    def lookups(self, request, model_admin):
        return [
            ("published", _("Published")),
            ("draft", _("Draft waiting to be published")),
            ("unpublished", _("Not published")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "published":
            return queryset.filter(is_published=True)
        if self.value() == "draft":
            return queryset.filter(has_draft=True)
        if self.value() == "unpublished":
            return queryset.filter(is_published=False)
        return queryset


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    """The list of agreements with their state, and the one-action publish and unpublish."""

    list_display = ["partner_country", "publication_state", "links"]
    list_filter = [PublicationStateFilter]
    search_fields = ["partner_country", "slug"]
    prepopulated_fields = {"slug": ["partner_country"]}
    fields = ["partner_country", "partner_country_es", "slug", "page", "page_links", "data_links"]
    readonly_fields = ["page_links", "data_links"]
    actions = ["create_page_section"]
    change_form_template = "admin/agreements/agreement/change_form.html"

    def get_readonly_fields(self, request, obj=None):
        # The name and address of a published agreement are public at once when saved, so only
        # a publisher may change them.
        fields = list(super().get_readonly_fields(request, obj))
        published = obj is not None and getattr(obj, "is_published", True)
        if published and not can_publish_agreements(request.user):
            fields += ["partner_country", "slug", "page"]
        return fields

    def get_prepopulated_fields(self, request, obj=None):
        return super().get_prepopulated_fields(request, obj) if obj is None else {}

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("page")
            .annotate(is_published=_version_exists(PUBLISHED), has_draft=_version_exists(DRAFT))
        )

    @admin.display(description=_("state"))
    def publication_state(self, obj):
        if obj.is_published and obj.has_draft:
            return _("Published; a draft is waiting to be published")
        if obj.is_published:
            return _("Published")
        if obj.has_draft:
            return _("Not published; draft ready to publish")
        return _("Not published")

    @admin.display(description=_("links"))
    def links(self, obj):
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("admin:agreements_agreement_edit_data", args=[obj.pk]),
            _("Edit data"),
            version_list_url_for_grouper(obj),
            _("History"),
        )

    @admin.display(description=_("public pages"))
    def page_links(self, obj):
        if not obj.page_id:
            return _("None yet: use the action “Create the page section” in the list.")
        url = obj.page.get_absolute_url()
        if not url:
            return _("Created, not yet published.")
        return format_html('<a href="{}">{}</a>', url, url)

    @admin.display(description=_("agreement data"))
    def data_links(self, obj):
        if not obj.pk:
            return "–"
        return self.links(obj)

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/edit-data/",
                wrap(self.edit_data_view),
                name=f"{info[0]}_{info[1]}_edit_data",
            ),
            path("<int:pk>/publish/", wrap(self.publish_view), name=f"{info[0]}_{info[1]}_publish"),
            path(
                "<int:pk>/unpublish/",
                wrap(self.unpublish_view),
                name=f"{info[0]}_{info[1]}_unpublish",
            ),
            *super().get_urls(),
        ]

    def edit_data_view(self, request, pk):
        """Open the agreement's draft data, starting a draft from the published version."""
        agreement = get_object_or_404(Agreement, pk=pk)
        if not request.user.has_perm("agreements.change_agreementcontent"):
            raise PermissionDenied
        if current_content(agreement) is None:
            messages.error(request, _("This agreement has no data yet."))
            return redirect("admin:agreements_agreement_change", pk)
        draft = agreement_draft(agreement, user=request.user)
        return redirect("admin:agreements_agreementcontent_change", draft.pk)

    def _confirm(self, request, pk, *, plan_for, action, verb):
        agreement = get_object_or_404(Agreement, pk=pk)
        if not can_publish_agreements(request.user):
            raise PermissionDenied
        plan = plan_for(agreement)
        # Before publishing, other apps may have a word for the publisher (alerts: how many
        # subscribers the change will notify), which also offers the "no alert" choice.
        notices = notices_for_publish(agreement) if action is publish_agreement else []
        alerts_choice = bool(notices)
        # From the toolbar on the agreement's pages: go back there afterwards.
        back = request.POST.get("next") or request.GET.get("next") or ""
        if not url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            back = ""
        if request.method == "POST":
            options = {"no_alert": bool(request.POST.get("no_alert"))} if alerts_choice else {}
            try:
                done = action(agreement=agreement, user=request.user, **options)
            except ValueError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(verb)s %(count)d item of %(agreement)s.",
                        "%(verb)s %(count)d items of %(agreement)s.",
                        len(done.versions),
                    )
                    % {"verb": verb, "count": len(done.versions), "agreement": agreement},
                )
            if back:
                return redirect(back)
            return redirect("admin:agreements_agreement_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "agreement": agreement,
            "plan": plan,
            "notices": notices,
            "alerts_choice": alerts_choice,
            "verb": verb,
            "next": back,
            "title": _("%(verb)s %(agreement)s?") % {"verb": verb, "agreement": agreement},
        }
        return TemplateResponse(request, "admin/agreements/agreement/publish_confirm.html", context)

    def publish_view(self, request, pk):
        return self._confirm(
            request, pk, plan_for=publish_plan, action=publish_agreement, verb=_("Publish")
        )

    def unpublish_view(self, request, pk):
        return self._confirm(
            request, pk, plan_for=unpublish_plan, action=unpublish_agreement, verb=_("Unpublish")
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["can_publish_agreement"] = bool(obj) and can_publish_agreements(request.user)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def has_create_pages_permission(self, request):
        return request.user.has_perm("cms.add_page") and request.user.has_perm(
            "agreements.change_agreement"
        )

    @admin.action(
        description=_("Create the page section (overview and its tabs)"),
        permissions=["create_pages"],
    )
    def create_page_section(self, request, queryset):
        created, skipped = [], []
        for agreement in queryset.order_by("partner_country"):
            if agreement.page_id:
                skipped.append(agreement.partner_country)
                continue
            agreement_create_pages(agreement=agreement, user=request.user)
            created.append(agreement.partner_country)
        if created:
            self.message_user(
                request,
                _(
                    "Created draft pages for %(names)s. Fill in the prose, then publish the "
                    "agreement (data and pages together) from its page here."
                )
                % {"names": ", ".join(created)},
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                _("Already had pages, left unchanged: %(names)s.") % {"names": ", ".join(skipped)},
                messages.WARNING,
            )


class SpanishMissingFilter(admin.SimpleListFilter):
    """Versions that show something in English only on Spanish pages."""

    title = _("Spanish")
    parameter_name = "spanish"

    def lookups(self, request, model_admin):
        return [("missing", _("Spanish missing")), ("complete", _("Spanish complete"))]

    def queryset(self, request, queryset):
        if self.value() == "missing":
            return lacking_spanish(queryset)
        if self.value() == "complete":
            return queryset.exclude(pk__in=lacking_spanish(queryset).values("pk"))
        return queryset


@admin.register(AgreementContent)
class AgreementContentAdmin(admin.ModelAdmin):
    """One version of an agreement's facts; djangocms-versioning lets only drafts be changed."""

    formfield_overrides = {**HTTPS_URLS, **CHECKED_DIAGRAM}
    list_display = [
        "agreement",
        "status",
        "signed_on",
        "application_status",
        "spanish_missing",
        "updated_at",
    ]
    list_filter = [SpanishMissingFilter]
    list_select_related = ["agreement"]
    search_fields = ["agreement__partner_country", "partner_party", "summary"]
    inlines = [AgreementDocumentInline, CoChairInline, ApplicationStageInline, MilestoneInline]
    readonly_fields = ["agreement"]

    @admin.display(description=_("Spanish missing"))
    def spanish_missing(self, obj):
        # A few queries a row; the list shows a handful of versions per agreement.
        return ", ".join(spanish_gaps(obj)) or "—"

    fieldsets = [
        (None, {"fields": ["agreement", "summary"]}),
        (
            _("Parties and signing"),
            {
                "fields": [
                    "singapore_party",
                    "partner_party",
                    "status",
                    "negotiations_concluded_on",
                    "signed_on",
                    "signed_place",
                    "entered_into_force_on",
                    "press_release_url",
                ]
            },
        ),
        (
            _("Project applications"),
            {
                "fields": [
                    "application_status",
                    "application_status_since",
                    "application_status_note",
                    "contact_email",
                ]
            },
        ),
        (
            _("Process diagram (optional)"),
            {
                "fields": [
                    "process_diagram",
                    "process_diagram_alt",
                    "process_diagram_long_description",
                ],
                "description": _(
                    "The stages are always shown as a numbered list and drawn as a flow chart. "
                    "An uploaded diagram is an extra: describe it in words for people who cannot "
                    "see it."
                ),
            },
        ),
        (
            _("Spanish (shown on the Spanish pages; empty fields show the English)"),
            {
                "fields": [
                    "summary_es",
                    "signed_place_es",
                    "application_status_note_es",
                    "process_diagram_long_description_es",
                ],
            },
        ),
    ]

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is AgreementDocument:
            record_address_changes(formset, FormerAddress.Kind.DOCUMENT, form.instance.agreement)


class StageRequirementInline(StoredAddressMixin, admin.TabularInline):
    model = StageRequirement
    extra = 0
    formfield_overrides = HTTPS_URLS
    fields = ["order", "title", "slug", "availability", "file", "external_url"]


@admin.register(ApplicationStage)
class ApplicationStageAdmin(DraftAgreementChoiceMixin, admin.ModelAdmin):
    """Stages of drafts with their forms inline; published stages change through a draft."""

    list_display = ["agreement", "order", "title", "requirement_count"]
    list_select_related = ["agreement__agreement"]
    search_fields = ["title", "purpose", "agreement__agreement__partner_country"]
    inlines = [StageRequirementInline]
    fields = ["agreement", *ApplicationStageInline.fields]

    def get_readonly_fields(self, request, obj=None):
        return ["agreement"] if obj else []

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is StageRequirement:
            record_address_changes(
                formset, FormerAddress.Kind.FORM, form.instance.agreement.agreement
            )

    def get_queryset(self, request):
        from django.db.models import Count

        queryset = super().get_queryset(request).annotate(_requirements=Count("requirements"))
        return draft_only(queryset)

    @admin.display(description=_("forms and documents"), ordering="_requirements")
    def requirement_count(self, obj):
        return obj._requirements
