"""Block tags for the markup many pages repeat: a notice and a table that scrolls sideways.

Each wraps what it encloses in one component template (``templates/includes/components/``), so
the class names, roles and keyboard access are written once:

    {% notice "pending" role="status" %}<p>…</p>{% endnotice %}
    {% scroll_table "Table of authorised projects" %}<table>…</table>{% endscroll_table %}

They only present what they are given: no queries, no writes to the context.
"""

from django import template
from django.template.loader import get_template

register = template.Library()

NOTICE_KINDS = ("info", "open", "pending", "error")
NOTICE_ROLES = ("note", "status", "alert")


class ComponentNode(template.Node):
    """Renders ``template_name`` with the enclosed markup as ``body`` and the tag's arguments."""

    def __init__(self, template_name, nodelist, args, kwargs):
        self.template_name = template_name
        self.nodelist = nodelist
        self.args = args
        self.kwargs = kwargs

    def render(self, context):
        values = {name: value.resolve(context) for name, value in self.kwargs.items()}
        values.update(self.clean([arg.resolve(context) for arg in self.args], values))
        values["body"] = self.nodelist.render(context)
        return get_template(self.template_name).render(values)

    def clean(self, args, values):
        return {}


class NoticeNode(ComponentNode):
    def clean(self, args, values):
        kind = args[0] if args else "info"
        role = values.get("role", "note")
        if kind not in NOTICE_KINDS:
            raise template.TemplateSyntaxError(f"notice kind {kind!r} is not one of {NOTICE_KINDS}")
        if role not in NOTICE_ROLES:
            raise template.TemplateSyntaxError(f"notice role {role!r} is not one of {NOTICE_ROLES}")
        return {"kind": kind, "role": role}


class ScrollTableNode(ComponentNode):
    def clean(self, args, values):
        if not args or not args[0]:
            raise template.TemplateSyntaxError(
                "scroll_table needs a label: the region is focusable, so it must be named"
            )
        return {"label": args[0]}


def _parse(parser, token, node_class, template_name):
    bits = token.split_contents()
    tag_name = bits[0]
    args, kwargs = [], {}
    for bit in bits[1:]:
        name, equals, value = bit.partition("=")
        if equals:
            kwargs[name] = parser.compile_filter(value)
        else:
            args.append(parser.compile_filter(bit))
    nodelist = parser.parse((f"end{tag_name}",))
    parser.delete_first_token()
    return node_class(template_name, nodelist, args, kwargs)


@register.tag
def notice(parser, token):
    """A notice box: ``{% notice KIND role=ROLE id=ID %}…{% endnotice %}``.

    KIND is "info" (default), "open", "pending" or "error"; ROLE is "note" (default), "status"
    (a result of the visitor's action) or "alert" (a problem to fix).
    """
    return _parse(parser, token, NoticeNode, "includes/components/notice.html")


@register.tag
def scroll_table(parser, token):
    """A wide table that scrolls sideways on small screens: ``{% scroll_table LABEL %}``.

    The region is focusable, so keyboard users can scroll it, and LABEL names it for screen
    readers ("Table of authorised projects, scrolls sideways").
    """
    return _parse(parser, token, ScrollTableNode, "includes/components/scroll_table.html")
