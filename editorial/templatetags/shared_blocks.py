"""``{% shared_block CODE %}``: a shared block (``editorial.shared_blocks``) where it belongs.

In the CMS's edit or preview mode the template renders djangocms-alias's ``static_alias`` in
its place (see ``templates/includes/footer.html``), so editors work on the draft; this tag is
the published text for everyone else.
"""

from cms.toolbar.utils import get_toolbar_from_request
from cms.utils import get_language_from_request
from django import template
from django.utils.html import format_html_join

from editorial.shared_blocks import published_texts

register = template.Library()


@register.simple_tag(takes_context=True)
def shared_block(context, static_code):
    """The published text of block ``static_code``, or nothing when it has none."""
    request = context.get("request")
    if request is None:
        return ""
    renderer = get_toolbar_from_request(request).get_content_renderer()
    texts = published_texts(static_code, get_language_from_request(request))
    return format_html_join(
        "", "{}", ((renderer.render_plugin(text, context, text.placeholder),) for text in texts)
    )
