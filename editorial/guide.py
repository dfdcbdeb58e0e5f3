"""The editors' guide (docs/editors.md), served to staff in the admin.

The guide lives in the repository next to the code it describes, so the copy on the site is
always the one of the running release. It is rendered from Markdown once per change of the
file; its screenshots (docs/images/) are served beside it.
"""

import functools
import re

import markdown
from django.conf import settings
from django.http import FileResponse, Http404
from django.template.response import TemplateResponse

GUIDE = settings.BASE_DIR / "docs" / "editors.md"
IMAGES = settings.BASE_DIR / "docs" / "images"
IMAGE_NAME = re.compile(r"[a-z0-9][a-z0-9-]*\.png")


@functools.lru_cache(maxsize=2)
def _render(path, mtime_ns):
    text = path.read_text(encoding="utf-8")
    md = markdown.Markdown(extensions=["tables", "toc", "sane_lists"])
    html = md.convert(text)
    # The guide's title is its first heading; the admin page shows it as the page title.
    title_match = re.match(r"\s*<h1[^>]*>(.*?)</h1>", html, re.S)
    title = re.sub(r"<[^>]+>", "", title_match.group(1)) if title_match else "Editors' guide"
    body = html[title_match.end() :] if title_match else html
    return title, body


def guide_html():
    """(title, HTML body) of the guide; re-rendered only when the file changes."""
    return _render(GUIDE, GUIDE.stat().st_mtime_ns)


def editors_guide(request):
    title, body = guide_html()
    from django.contrib import admin

    context = {**admin.site.each_context(request), "title": title, "guide": body}
    return TemplateResponse(request, "admin/editors_guide.html", context)


def editors_guide_image(request, name):
    """A screenshot of the guide; only plain PNG names from docs/images/."""
    if not IMAGE_NAME.fullmatch(name):
        raise Http404
    path = IMAGES / name
    if not path.is_file():
        raise Http404
    return FileResponse(path.open("rb"), content_type="image/png")
