"""Each role can do its job and nothing more: editors draft, publishers also publish."""

import pytest
from cms.models import PageContent
from django.contrib.auth import get_user_model
from django.urls import reverse
from djangocms_versioning.constants import DRAFT, PUBLISHED, UNPUBLISHED
from djangocms_versioning.exceptions import ConditionFailed
from djangocms_versioning.models import Version

from agreements.models import Agreement

from .cms_helpers import VERSION_ADMIN, open_draft, page_versions


def peru_versions():
    return page_versions(Agreement.objects.get(slug="peru").page)


def start_draft(client):
    """Ask the CMS, as the logged-in user, for a draft of the Peru page (versioning's edit view)."""
    return open_draft(client, Agreement.objects.get(slug="peru").page)


@pytest.mark.django_db
def test_demo_accounts_have_their_roles(editor, publisher):
    User = get_user_model()
    assert not editor.is_superuser and editor.is_staff
    assert not publisher.is_superuser and publisher.is_staff
    assert list(editor.groups.values_list("name", flat=True)) == ["Editors"]
    assert list(publisher.groups.values_list("name", flat=True)) == ["Publishers"]
    assert User.objects.get(username="admin").is_superuser


EDITOR_CAN = [
    "cms.add_page",
    "cms.change_page",
    "cms.add_cmsplugin",
    "cms.change_cmsplugin",
    "cms.delete_cmsplugin",
    "cms.use_structure",
    "djangocms_text.change_text",
    "filer.add_file",
    "filer.add_image",
    "filer.change_image",
    "agreements.change_agreement",
    "agreements.add_agreementdocument",
    "agreements.change_agreementdocument",
    "agreements.delete_milestone",
    "agreements.change_applicationstage",
    "agreements.change_stagerequirement",
    "agreements.change_jointcommitteecochair",
]
NOBODY_BUT_IT = [
    "auth.add_user",
    "auth.change_user",
    "auth.change_group",
    "auth.change_permission",
    "cms.change_globalpagepermission",
    "cms.change_pageusergroup",
    "sites.change_site",
    "agreements.delete_agreement",
    "cms.delete_page",
    "filer.delete_file",
    "filer.change_folderpermission",
]


@pytest.mark.django_db
@pytest.mark.parametrize("perm", EDITOR_CAN)
def test_editors_and_publishers_can_do_the_editorial_work(editor, publisher, perm):
    assert editor.has_perm(perm)
    assert publisher.has_perm(perm)


@pytest.mark.django_db
@pytest.mark.parametrize("perm", NOBODY_BUT_IT + ["cms.publish_page"])
def test_editors_cannot_publish_or_administer(editor, perm):
    assert not editor.has_perm(perm)


@pytest.mark.django_db
@pytest.mark.parametrize("perm", NOBODY_BUT_IT)
def test_publishers_cannot_administer(publisher, perm):
    assert not publisher.has_perm(perm)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        reverse("admin:auth_user_changelist"),
        reverse("admin:auth_user_add"),
        reverse("admin:auth_group_changelist"),
        reverse("admin:sites_site_changelist"),
    ],
)
def test_user_and_group_admin_is_closed_to_both_roles(editor_client, publisher, url):
    assert editor_client.get(url).status_code == 403
    editor_client.force_login(publisher)
    assert editor_client.get(url).status_code == 403


@pytest.mark.django_db
def test_editor_can_open_the_admin_screens_of_the_job(editor_client):
    peru = Agreement.objects.get(slug="peru")
    for url in [
        reverse("admin:agreements_agreement_change", args=[peru.pk]),
        reverse("admin:agreements_agreement_edit_data", args=[peru.pk]),
        reverse("admin:agreements_agreementcontent_changelist"),
        reverse("admin:agreements_applicationstage_changelist"),
        reverse("admin:registry_authorisedproject_add"),
        reverse("admin:filer_folder_changelist"),
        reverse("admin:cms_pagecontent_changelist"),
        reverse(f"{VERSION_ADMIN}_changelist") + f"?page={peru.page_id}",
    ]:
        assert editor_client.get(url, follow=True).status_code == 200, url


@pytest.mark.django_db
def test_editor_drafts_but_cannot_publish_and_publisher_can(editor_client, editor, publisher):
    draft = start_draft(editor_client)
    assert draft.created_by == editor
    with pytest.raises(ConditionFailed, match="publish permissions"):
        draft.check_publish(editor)

    response = editor_client.post(reverse(f"{VERSION_ADMIN}_publish", args=[draft.pk]))
    assert response.status_code == 302
    draft = Version.objects.get(pk=draft.pk)
    assert draft.state == DRAFT
    old_published = peru_versions().get(state=PUBLISHED)

    editor_client.force_login(publisher)
    draft.check_publish(publisher)
    editor_client.post(reverse(f"{VERSION_ADMIN}_publish", args=[draft.pk]))
    draft = Version.objects.get(pk=draft.pk)
    old_published = Version.objects.get(pk=old_published.pk)
    assert draft.state == PUBLISHED
    # The previous version is kept in the history as "unpublished", ready to compare or restore.
    assert old_published.state == UNPUBLISHED


@pytest.mark.django_db
def test_editor_cannot_unpublish_and_publisher_can(editor_client, publisher):
    published = peru_versions().get(state=PUBLISHED)
    url = reverse(f"{VERSION_ADMIN}_unpublish", args=[published.pk])
    editor_client.post(url)
    published = Version.objects.get(pk=published.pk)
    assert published.state == PUBLISHED
    editor_client.force_login(publisher)
    editor_client.post(url)
    published = Version.objects.get(pk=published.pk)
    assert published.state != PUBLISHED


@pytest.mark.django_db
def test_an_earlier_version_can_be_compared_and_restored(editor_client, publisher):
    """Restoring (versioning's "revert") makes a new draft from an earlier version."""
    first = peru_versions().get(state=PUBLISHED)
    original_title = first.content.title
    draft = start_draft(editor_client)
    PageContent.admin_manager.filter(pk=draft.object_id).update(title="A changed title")
    draft.publish(publisher)
    first = Version.objects.get(pk=first.pk)
    assert first.state == UNPUBLISHED

    compare = editor_client.get(
        reverse(f"{VERSION_ADMIN}_compare", args=[first.pk]) + f"?compare_to={draft.pk}"
    )
    assert compare.status_code == 200
    assert (compare.context["v1"].pk, compare.context["v2"].pk) == (first.pk, draft.pk)
    # The comparison shows each version's own preview side by side.
    assert original_title in editor_client.get(compare.context["v1_preview_url"]).content.decode()
    v2_preview = editor_client.get(compare.context["v2_preview_url"]).content.decode()
    assert "A changed title" in v2_preview
    response = editor_client.post(reverse(f"{VERSION_ADMIN}_revert", args=[first.pk]))
    assert response.status_code == 302
    restored = peru_versions().get(state=DRAFT)
    assert restored.pk not in {first.pk, draft.pk}
    assert restored.content.title == original_title


@pytest.mark.django_db
def test_ensure_roles_restores_drifted_permissions(editor):
    from django.contrib.auth.models import Group, Permission
    from django.core.management import call_command

    editors = Group.objects.get(name="Editors")
    editors.permissions.add(Permission.objects.get(codename="publish_page"))
    call_command("ensure_roles", verbosity=0)
    editor = get_user_model().objects.get(pk=editor.pk)
    assert not editor.has_perm("cms.publish_page")


@pytest.mark.django_db
def test_toolbar_greys_out_publish_for_editors_only(editor_client, publisher):
    from cms.toolbar.utils import get_object_edit_url

    draft = start_draft(editor_client)
    url = get_object_edit_url(draft.content)
    html = editor_client.get(url).content.decode()
    assert "editorial-publish-not-allowed" in html
    assert "cms-versioning-js-publish-btn" not in html
    editor_client.force_login(publisher)
    html = editor_client.get(url).content.decode()
    assert "cms-versioning-js-publish-btn" in html
    assert "editorial-publish-not-allowed" not in html


AGREEMENT_VERSION_ADMIN = "admin:djangocms_versioning_agreementcontentversion"


@pytest.mark.django_db
def test_editor_cannot_publish_agreement_data_through_the_version_list(editor_client, publisher):
    """versioning's own publish view asks ``AgreementContent.has_publish_permission``, which
    requires the publishers-only ``cms.publish_page``: an editor's POST publishes nothing."""
    from agreements.models import AgreementContent
    from tests.agreements.factories import draft_of

    peru = Agreement.objects.get(slug="peru")
    draft = Version.objects.get_for_content(draft_of("peru"))
    published = AgreementContent.objects.get(agreement=peru)
    editor = get_user_model().objects.get(username="editor")
    assert not draft.content.has_publish_permission(editor)
    with pytest.raises(ConditionFailed):
        draft.check_publish(editor)

    response = editor_client.post(reverse(f"{AGREEMENT_VERSION_ADMIN}_publish", args=[draft.pk]))
    assert response.status_code in (302, 403)
    assert Version.objects.get(pk=draft.pk).state == DRAFT
    assert AgreementContent.objects.get(agreement=peru).pk == published.pk

    editor_client.force_login(publisher)
    editor_client.post(reverse(f"{AGREEMENT_VERSION_ADMIN}_publish", args=[draft.pk]))
    assert Version.objects.get(pk=draft.pk).state == PUBLISHED
    assert AgreementContent.objects.get(agreement=peru).pk == draft.content.pk
