"""Move each agreement's facts into one published data version.

An agreement whose overview page is published (it was public) gets a published version; one
whose page section was never published (entered early, say under embargo) gets a draft, so it
goes live only when a publisher publishes the agreement. The content row takes the agreement's
primary key, so the rows that hang off an agreement
(documents, co-chairs, stages, milestones, eligibility list, register) keep their foreign-key
values when the next migrations point them at the content model. The version is recorded as
created by the first superuser, or by an inactive "system" user made for the purpose.
"""

from django.conf import settings
from django.db import migrations

MOVED = [
    "singapore_party",
    "partner_party",
    "status",
    "negotiations_concluded_on",
    "signed_on",
    "signed_place",
    "entered_into_force_on",
    "application_status",
    "application_status_since",
    "application_status_note",
    "press_release_url",
    "summary",
    "contact_email",
    "process_diagram",
    "process_diagram_alt",
    "process_diagram_long_description",
]


def _author(apps):
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    user = User.objects.filter(is_superuser=True).order_by("pk").first()
    if user is None:
        user, _ = User.objects.get_or_create(
            username="system", defaults={"is_active": False, "password": "!"}
        )
    return user


def _page_is_published(apps, page_id):
    if page_id is None:
        return False
    ContentType = apps.get_model("contenttypes", "ContentType")
    PageContent = apps.get_model("cms", "PageContent")
    Version = apps.get_model("djangocms_versioning", "Version")
    page_type = ContentType.objects.filter(app_label="cms", model="pagecontent").first()
    if page_type is None:
        return False
    return Version.objects.filter(
        content_type=page_type,
        object_id__in=PageContent.objects.filter(page_id=page_id).values("pk"),
        state="published",
    ).exists()


def forwards(apps, schema_editor):
    Agreement = apps.get_model("agreements", "Agreement")
    AgreementContent = apps.get_model("agreements", "AgreementContent")
    agreements = list(Agreement.objects.order_by("pk"))
    if not agreements:
        return
    ContentType = apps.get_model("contenttypes", "ContentType")
    Version = apps.get_model("djangocms_versioning", "Version")
    content_type, _ = ContentType.objects.get_or_create(
        app_label="agreements", model="agreementcontent"
    )
    author = _author(apps)
    for agreement in agreements:
        content = AgreementContent.objects.create(
            pk=agreement.pk,
            agreement=agreement,
            **{name: getattr(agreement, name) for name in MOVED},
        )
        Version.objects.create(
            content_type=content_type,
            object_id=content.pk,
            created_by=author,
            number="1",
            state="published" if _page_is_published(apps, agreement.page_id) else "draft",
        )
    # Rows were inserted with explicit keys: move the sequence past them (PostgreSQL).
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        from django.core.management.color import no_style

        for statement in connection.ops.sequence_reset_sql(no_style(), [AgreementContent]):
            cursor.execute(statement)


def backwards(apps, schema_editor):
    Version = apps.get_model("djangocms_versioning", "Version")
    Version.objects.filter(
        content_type__app_label="agreements", content_type__model="agreementcontent"
    ).delete()
    apps.get_model("agreements", "AgreementContent").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0005_agreementcontent"),
        ("djangocms_versioning", "0018_fix_typo"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("cms", "0045_pageurl_site_unique_path"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
