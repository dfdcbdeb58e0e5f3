"""Rich text rules on top of djangocms-text: a stricter sanitiser pass and the alt-text rule.

djangocms-text already runs nh3 on every save (``TEXT_HTML_SANITIZE``): scripts, event handlers
and ``javascript:`` links go. Two gaps remain in its default allow-list, which only ever grows
through settings: any ``style`` attribute is kept (so a paste can lay a full-screen box over the
page or load an image from another site through ``url()``), and ``<img>`` may point anywhere
(a third-party request from a public page). This module closes both on save, with the same
allow-list otherwise, so inline plugins (``<cms-plugin>``) survive untouched.
"""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import lxml.html
import nh3
from django.conf import settings
from django.core.exceptions import ValidationError

# What editors need for alignment and emphasis; nothing that positions, sizes or loads anything.
ALLOWED_STYLE_PROPERTIES = frozenset(
    {
        "text-align",
        "text-decoration",
        "font-style",
        "font-weight",
        "vertical-align",
        "list-style-type",
    }
)
DECORATIVE_ROLES = {"presentation", "none"}


def is_local_url(url):
    """True for addresses on this site or in its media storage, never another site's."""
    url = (url or "").strip()
    media_url = settings.MEDIA_URL
    if media_url.startswith(("http://", "https://")) and url.startswith(media_url):
        return True
    parts = urlsplit(url)
    # "//host" and "/\\host" are other sites to a browser, though they start with a slash.
    return (
        not parts.scheme
        and not parts.netloc
        and url.startswith("/")
        and not url.startswith(("//", "/\\"))
    )


def _attribute_filter(tag, attribute, value):
    if tag == "img" and attribute == "src" and not is_local_url(value):
        return None
    return value


def sanitise(html):
    """djangocms-text's own nh3 configuration, plus the two restrictions above."""
    from djangocms_text.html import cms_parser

    return nh3.clean(
        html,
        **cms_parser(),
        filter_style_properties=ALLOWED_STYLE_PROPERTIES,
        attribute_filter=_attribute_filter,
    )


def sanitise_text_plugin(sender, instance, **kwargs):
    """pre_save hook for djangocms-text's Text model: runs on every write of a text plugin."""
    if instance.body:
        instance.body = sanitise(instance.body)


class _ImageCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.images = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.images.append(dict(attrs))


def _library_alt_text(src):
    """The media library's default alt text for an image, if ``src`` is a library file."""
    from filer.models import Image

    media_url = settings.MEDIA_URL
    if not src or not src.startswith(media_url):
        return ""
    name = src[len(media_url) :].split("?", 1)[0]
    image = Image.objects.filter(file=name).only("default_alt_text").first()
    return (image.default_alt_text or "").strip() if image else ""


def check_image_alt_text(html):
    """Raise ValidationError naming each image that has neither alt text nor a decorative mark.

    An image counts as described when it has non-empty ``alt``, or when the media library holds
    alt text for it; as decorative when it has ``role="presentation"`` (and empty ``alt``).
    """
    collector = _ImageCollector()
    collector.feed(html or "")
    missing = []
    for attrs in collector.images:
        if (attrs.get("alt") or "").strip():
            continue
        if (attrs.get("role") or "").strip().lower() in DECORATIVE_ROLES:
            continue
        if _library_alt_text(attrs.get("src")):
            continue
        missing.append(attrs.get("src") or "(an image without an address)")
    if missing:
        raise ValidationError(
            "Every image needs a short description (alt text) for people who cannot see it. "
            "Add a description to: %(images)s. If an image is only decoration, mark it as "
            'decorative (role="presentation") instead.',
            code="missing_alt_text",
            params={"images": ", ".join(missing)},
        )


def fill_library_alt_text(html):
    """Copy the media library's alt text into library images that have none in the text."""
    if "<img" not in (html or ""):
        return html
    wrapper = lxml.html.fragment_fromstring(html, create_parent="div")
    changed = False
    for image in wrapper.iter("img"):
        if (image.get("alt") or "").strip():
            continue
        alt = _library_alt_text(image.get("src"))
        if alt:
            image.set("alt", alt)
            changed = True
    if not changed:
        return html
    inner = lxml.html.tostring(wrapper, encoding="unicode", method="html")
    return inner[len("<div>") : -len("</div>")]
