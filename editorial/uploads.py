"""The media library's upload hook: django-filer runs it on every file an editor uploads.

The checks themselves are ``security.uploads``, shared with the agreement documents' validators.
"""

from security.uploads import PDF, inspect_upload, reencode_image


def _replace_content(file, data):
    """Write ``data`` over an upload in place (django-filer stores the object it validated)."""
    file.seek(0)
    file.truncate()
    file.write(data)
    file.seek(0)
    if hasattr(file, "size"):
        file.size = len(data)


def validate_filer_upload(file_name, file, owner, mime_type):
    """django-filer's upload validator hook (``FILER_ADD_FILE_VALIDATORS``).

    Validators may rewrite the upload in place (filer's own ``strip_exif`` does): an accepted
    image is replaced by its re-encoded pixels before filer stores it.
    """
    info = inspect_upload(file_name, file)
    if info.kind != PDF:
        _replace_content(file, reencode_image(file, info.kind))
