"""Sample uploads, good and bad, built in memory so tests need no fixture files."""

import io
import struct
import zipfile
import zlib

from PIL import Image

from demo.standin import standin_pdf


def good_pdf():
    return standin_pdf(title="Annex D - Test annex", agreement_title="Test agreement").read()


def good_png(size=(40, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "#2a6f4e").save(buffer, format="PNG")
    return buffer.getvalue()


def _chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def bomb_png(width, height):
    """A tiny PNG whose header claims ``width`` x ``height`` pixels: decoding it would need GBs."""
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    row = b"\x00" + b"\x00" * ((width + 7) // 8)
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(64)) + compressor.flush()
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", data)
        + _chunk(b"IEND", b"")
    )


FAKE_PDF = b"%PDF-1.7\nThis is only text that starts like a PDF.\n%%EOF\n"
HTML_PAGE = (
    b"<!DOCTYPE html><html><head><title>x</title></head>"
    b"<body><script>alert(document.cookie)</script></body></html>"
)
SVG_WITH_SCRIPT = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
    b"<script>alert(document.domain)</script></svg>"
)
WINDOWS_PROGRAM = b"MZ\x90\x00\x03" + b"\x00" * 200
ZIP_ARCHIVE = b"PK\x03\x04" + b"\x00" * 200


def oversize_pdf():
    return b"%PDF-1.4\n" + b"0" * (20 * 1024 * 1024 + 1)


def oversize_png():
    return good_png() + b"\x00" * (10 * 1024 * 1024 + 1)


# --- The hostile set: files that carry active content, built from a real PDF or image ---


def pdf_with(edit):
    """The good PDF rewritten by pypdf after ``edit(writer)``: valid, with one hostile change."""
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=io.BytesIO(good_pdf()))
    edit(writer)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _action(**entries):
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    return DictionaryObject(
        {
            NameObject(key): NameObject(value) if value.startswith("/") else TextStringObject(value)
            for key, value in entries.items()
        }
    )


def pdf_open_action_javascript():
    """A PDF that runs JavaScript as it opens (/OpenAction << /S /JavaScript /JS (...) >>)."""
    from pypdf.generic import NameObject

    def edit(writer):
        writer.root_object[NameObject("/OpenAction")] = _action(
            **{"/Type": "/Action", "/S": "/JavaScript", "/JS": "app.alert('pwned');"}
        )

    return pdf_with(edit)


def pdf_launch_action():
    """A PDF whose first page, once shown, asks the viewer to start a program (/Launch)."""
    from pypdf.generic import DictionaryObject, NameObject

    def edit(writer):
        writer.pages[0][NameObject("/AA")] = DictionaryObject(
            {NameObject("/O"): _action(**{"/S": "/Launch", "/F": "calc.exe"})}
        )

    return pdf_with(edit)


def pdf_hidden_javascript_name():
    """JavaScript whose name is spelt with a #xx escape (/J#61vaScript), as droppers do."""
    return pdf_open_action_javascript().replace(b"/JavaScript", b"/J#61vaScript")


def pdf_with_attachment():
    return pdf_with(lambda writer: writer.add_attachment("run.exe", WINDOWS_PROGRAM))


def pdf_html_polyglot():
    """An HTML page with a PDF inside: browsers render the page, PDF readers the document."""
    return b"<html><body><script>alert(document.cookie)</script><!--\n" + good_pdf() + b"\n-->"


def pdf_with_html_tail():
    """A PDF that is also a web page: the HTML sits after the PDF's end marker."""
    return good_pdf() + b"\n<html><body><script>alert(document.cookie)</script></body></html>\n"


def pdf_with_links():
    """An ordinary export: opens at page 1 (a destination, not an action) and has a web link."""
    from pypdf.annotations import Link
    from pypdf.generic import ArrayObject, NameObject, NumberObject

    def edit(writer):
        writer.root_object[NameObject("/OpenAction")] = ArrayObject(
            [writer.pages[0].indirect_reference, NameObject("/Fit")]
        )
        writer.add_annotation(0, Link(rect=(50, 50, 200, 80), url="https://unfccc.int/"))
        writer.pages[0][NameObject("/Rotate")] = NumberObject(0)

    return pdf_with(edit)


def png_with_html_and_zip():
    """A real PNG with an HTML page and a ZIP archive appended (an image/web/archive polyglot)."""
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as package:
        package.writestr("payload.html", "<script>alert(1)</script>")
    return good_png() + b"<html><script>alert(document.cookie)</script></html>" + archive.getvalue()


def big_pdf(megabytes=25):
    """A real PDF padded to ``megabytes`` with an unused stream of random bytes."""
    import os

    from pypdf.generic import DecodedStreamObject

    def edit(writer):
        padding = DecodedStreamObject()
        padding.set_data(os.urandom(megabytes * 1024 * 1024))
        writer._add_object(padding)

    return pdf_with(edit)


DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
DOCM_TYPE = "application/vnd.ms-word.document.macroEnabled.main+xml"


def office_package(main_part, main_type, extra=()):
    """A minimal Office package: the package index, relationships and the main part."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/{main_part}" ContentType="{main_type}"/></Types>',
        )
        package.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships/>')
        package.writestr(main_part, '<?xml version="1.0"?><document/>')
        for name, data in extra:
            package.writestr(name, data)
    return buffer.getvalue()


def docx_with_macros():
    """A Word file saved as .docx that still carries a VBA project."""
    return office_package(
        "word/document.xml", DOCM_TYPE, [("word/vbaProject.bin", b"\xd0\xcf\x11\xe0macro")]
    )
