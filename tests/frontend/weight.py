"""What a first visit to a page downloads, compressed: shared by the budget test and the
benchmark script."""

import gzip
import re

from django.contrib.staticfiles import finders

BUDGET = 60 * 1024
ASSET = re.compile(
    rb'<(?:link[^>]+rel="(?:stylesheet|preload)"[^>]+href|script[^>]+src)="/static/([^"?]+)"'
)
CSS_URL = re.compile(r'url\("?\.\./([^")]+)"?\)')


def compressed(data, name):
    if name.endswith(".woff2"):
        return len(data)
    return len(gzip.compress(data, compresslevel=9))


def read_static(name, extra):
    if name in extra:
        return extra[name]
    path = finders.find(name)
    if path is None:
        raise AssertionError(f"{name} is not built: run `make assets`")
    with open(path, "rb") as handle:
        return handle.read()


def kind_of(name):
    for ending, kind in ((".css", "css"), (".js", "js"), (".woff2", "font")):
        if name.endswith(ending):
            return kind
    return "other"


def page_weight(html, extra=None):
    """[(kind, name, compressed bytes)] for the page and every file it makes the browser load."""
    extra = extra or {}
    weights = [("html", "page", compressed(html, "page.html"))]
    seen = set()
    names = [m.decode() for m in ASSET.findall(html)]
    while names:
        name = names.pop(0)
        if name in seen:
            continue
        seen.add(name)
        data = read_static(name, extra)
        weights.append((kind_of(name), name, compressed(data, name)))
        if name.endswith(".css"):
            names += CSS_URL.findall(data.decode())
    return weights
