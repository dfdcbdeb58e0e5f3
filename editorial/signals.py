"""A review request ends when its version stops being a draft.

djangocms-versioning announces publish and archive through ``post_version_operation``;
discarding a draft deletes the version, and the request with it (``on_delete=CASCADE``).
"""

from django.dispatch import receiver
from djangocms_versioning import constants
from djangocms_versioning.signals import post_version_operation

from .services import review_request_clear


@receiver(post_version_operation, dispatch_uid="editorial.clear_review_request")
def clear_review_request(sender, operation, obj, **kwargs):
    if operation in (constants.OPERATION_PUBLISH, constants.OPERATION_ARCHIVE):
        review_request_clear(version=obj)
