"""The rich-text plugin with the site's alt-text rule.

djangocms-text's TextPlugin is replaced by a subclass of the same name (so every stored plugin
and the editor keep working) whose form fills in alt text the media library knows and refuses
images that have none, with a message in the plugin's own form.
"""

from cms.plugin_pool import plugin_pool
from djangocms_text.cms_plugins import TextPlugin as BaseTextPlugin
from djangocms_text.forms import TextForm

from .richtext import check_image_alt_text, fill_library_alt_text


class AccessibleTextForm(TextForm):
    def clean_body(self):
        body = fill_library_alt_text(self.cleaned_data.get("body") or "")
        check_image_alt_text(body)
        return body


class TextPlugin(BaseTextPlugin):
    form = AccessibleTextForm


plugin_pool.unregister_plugin(BaseTextPlugin)
plugin_pool.register_plugin(TextPlugin)
