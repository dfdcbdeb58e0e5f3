"""The Spanish catalogue compiles without GNU gettext and the result translates."""

import gettext

import pytest
from django.core.management import CommandError, call_command

from multilingual.catalogue import CATALOGUE, CatalogueError, compile_catalogue


def write_po(folder, body):
    po = folder / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Language: es\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n' + body,
        encoding="utf-8",
    )
    return po


def test_the_site_catalogue_compiles_and_translates_a_known_string(tmp_path):
    po = tmp_path / "django.po"
    po.write_bytes(CATALOGUE.read_bytes())
    with compile_catalogue(po).open("rb") as compiled:
        spanish = gettext.GNUTranslations(compiled)
    assert spanish.gettext("Skip to main content") == "Saltar al contenido principal"
    assert spanish.gettext("Not in the catalogue") == "Not in the catalogue"


def test_the_running_site_reads_the_compiled_catalogue():
    from django.utils import translation

    with translation.override("es"):
        assert translation.gettext("Skip to main content") == "Saltar al contenido principal"


def test_fuzzy_entries_are_left_out_as_msgfmt_does(tmp_path):
    po = write_po(
        tmp_path,
        'msgid "Menu"\nmsgstr "Menú"\n\n#, fuzzy\nmsgid "Search"\nmsgstr "Buscar quizá"\n',
    )
    with compile_catalogue(po).open("rb") as compiled:
        spanish = gettext.GNUTranslations(compiled)
    assert spanish.gettext("Menu") == "Menú"
    assert spanish.gettext("Search") == "Search"
    assert spanish.ngettext("day", "days", 2) == "days"


def test_mismatched_placeholders_are_refused_and_the_old_file_is_kept(tmp_path):
    good = write_po(tmp_path, 'msgid "%(count)s results"\nmsgstr "%(count)s resultados"\n')
    compiled = compile_catalogue(good)
    before = compiled.read_bytes()
    write_po(tmp_path, 'msgid "%(count)s results"\nmsgstr "%(cuenta)s resultados"\n')
    with pytest.raises(CatalogueError, match="placeholders"):
        compile_catalogue(good)
    assert compiled.read_bytes() == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["django.mo", "django.po"]
    with pytest.raises(CommandError, match="%\\(count\\)s results"):
        call_command("compile_catalogue", str(good))
