"""The Spanish catalogue compiled from its .po file with polib, so no GNU gettext is needed.

`make messages` (part of `make install`) and the test run both call `compile_catalogue`. The
.mo is a build product and stays out of git. As `msgfmt --check-format` does, a translation whose
placeholders differ from its source is refused, with the entry named, and the old .mo is kept.
"""

import os
import re
import tempfile
from pathlib import Path

import polib

CATALOGUE = Path(__file__).resolve().parent.parent / "locale" / "es" / "LC_MESSAGES" / "django.po"

# printf-style placeholders as Python's % operator reads them: %(name)s, %s, %d, %.2f; not %%.
_PLACEHOLDER = re.compile(
    r"%(?:\((?P<name>[^)]+)\))?[#0 +-]*\d*(?:\.\d+)?(?P<kind>[diouxXeEfFgGcrsa%])"
)


class CatalogueError(ValueError):
    """The .po file cannot be compiled as it stands; the message says which entry and why."""


def _placeholders(text):
    found = []
    for match in _PLACEHOLDER.finditer(text):
        if match["kind"] != "%":
            found.append((match["name"], match["kind"]))
    return found


def _check_placeholders(entry):
    source = _placeholders(entry.msgid)
    translations = [entry.msgstr] if entry.msgstr else list(entry.msgstr_plural.values())
    for translation in translations:
        target = _placeholders(translation)
        named = any(name for name, _ in source + target)
        same = sorted(source, key=str) == sorted(target, key=str) if named else source == target
        if not same:
            raise CatalogueError(
                f"line {entry.linenum}: the translation of {entry.msgid!r} has placeholders "
                f"{target or 'none'}, the English has {source or 'none'}; they must match."
            )


def is_stale(po_path=CATALOGUE):
    """True when the compiled .mo is missing or older than its source."""
    po_path = Path(po_path)
    mo_path = po_path.with_suffix(".mo")
    return not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime


def compile_catalogue(po_path=CATALOGUE):
    """Write the .mo beside the .po and return its path; fuzzy and empty entries are left out,
    as msgfmt leaves them out. The file is replaced only once the new one is complete."""
    po_path = Path(po_path)
    mo_path = po_path.with_suffix(".mo")
    try:
        catalogue = polib.pofile(str(po_path), check_for_duplicates=True)
    except (OSError, ValueError) as error:
        raise CatalogueError(f"{po_path}: {error}") from error
    for entry in catalogue.translated_entries():
        _check_placeholders(entry)
    handle, temporary = tempfile.mkstemp(dir=mo_path.parent, suffix=".mo.tmp")
    os.close(handle)
    try:
        catalogue.save_as_mofile(temporary)
        os.chmod(temporary, 0o644)
        os.replace(temporary, mo_path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return mo_path
