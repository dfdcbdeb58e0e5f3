"""Who may do what in the review workflow, with the reason when they may not.

Editors may mark a draft ready for review; publishers see the drafts waiting for them and
publish them. Publishing itself stays djangocms-versioning's decision
(``Version.has_publish_permission``, plus the shared blocks' condition in
``editorial.shared_blocks``); these rules only explain it and gate the review list.
"""

from djangocms_versioning.constants import DRAFT

from .shared_blocks import may_publish_block

REQUEST_PERMISSION = "editorial.add_reviewrequest"
LIST_PERMISSION = "editorial.view_reviewrequest"

PUBLISH_REFUSAL = "Only publishers can publish. Mark the draft ready for review."
NOT_A_DRAFT = "Only a draft can be marked ready for review."
MAY_NOT_REQUEST = "Only editors and publishers can mark a draft ready for review."
MAY_NOT_CHANGE = "You may not change this draft, so you cannot mark it ready for review."


def may_publish(user, version):
    """True when djangocms-versioning would let ``user`` publish ``version``'s content (its
    content's permission, and for shared blocks the publishers-only condition)."""
    return version.has_publish_permission(user) and may_publish_block(user, version)


def publish_refusal(user, version):
    """Why ``user`` may not publish ``version``, or None when they may."""
    return None if may_publish(user, version) else PUBLISH_REFUSAL


def review_request_refusal(user, version):
    """Why ``user`` may not mark ``version`` ready for review, or None when they may."""
    if not user.has_perm(REQUEST_PERMISSION):
        return MAY_NOT_REQUEST
    if version.state != DRAFT:
        return NOT_A_DRAFT
    if not version.has_change_permission(user):
        return MAY_NOT_CHANGE
    return None


def may_see_review_list(user):
    return user.is_active and user.is_staff and user.has_perm(LIST_PERMISSION)
