"""Small builders for agreement data in tests: plain functions over the real models."""

import itertools
from datetime import date

from django.contrib.auth import get_user_model

from agreements.models import Agreement, AgreementDocument, JointCommitteeCoChair
from agreements.services import agreement_create_pages, agreement_publish_pages
from agreements.standin import standin_pdf

_numbers = itertools.count(1)


def make_agreement(**fields):
    number = next(_numbers)
    fields.setdefault("partner_country", f"Testland {number}")
    fields.setdefault("slug", f"testland-{number}")
    fields.setdefault("partner_party", f"Government of Testland {number}")
    fields.setdefault("signed_on", date(2025, 1, 1))
    return Agreement.objects.create(**fields)


def make_document(agreement, *, kind="annex", letter="A", title=None, pages=2, order=0):
    title = title or (f"Annex {letter}" if kind == "annex" else "Main text")
    document = AgreementDocument(
        agreement=agreement, kind=kind, letter=letter, title=title, order=order
    )
    document.file = standin_pdf(title=title, agreement_title=agreement.title, pages=pages)
    document.file.name = f"{agreement.slug}-{document.url_name}.pdf"
    document.full_clean()
    document.save()
    return document


def make_co_chair(agreement, party="singapore", **fields):
    fields.setdefault("position_title", "Director")
    fields.setdefault("organisation", "Some Agency")
    return JointCommitteeCoChair.objects.create(agreement=agreement, party=party, **fields)


def admin_user():
    User = get_user_model()
    user, _ = User.objects.get_or_create(
        username="test-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    return user


def publish_pages(agreement):
    """Give ``agreement`` its published page section under the demo index page."""
    user = admin_user()
    agreement_create_pages(agreement=agreement, user=user)
    agreement_publish_pages(agreement=agreement, user=user)
    agreement.refresh_from_db()
    return agreement


def letters(count):
    """A, B, ..., Z, AA, AB, ...: annex letters for ``count`` annexes."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    result = list(alphabet)
    result += [a + b for a in alphabet for b in alphabet]
    return result[:count]
