"""Sample uploads, good and bad, built in memory so tests need no fixture files."""

import io
import struct
import zlib

from PIL import Image

from agreements.standin import standin_pdf


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
