"""Build the POST data of an admin change form, inlines included, from the form as served."""

from django.db.models.fields.files import FieldFile


def _value(value):
    if value is True:
        return "on"
    return value


def change_form_data(client, url):
    """What the browser would submit unchanged; tests then edit the keys they care about."""
    context = client.get(url).context
    form = context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        # A stored file is kept by leaving its field out, as a browser does.
        if value is not None and value is not False and not isinstance(value, FieldFile):
            data[name] = _value(value)
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        for inline_form in formset.forms:
            for name in inline_form.fields:
                value = inline_form[name].value()
                if value is None or value is False or isinstance(value, FieldFile):
                    continue
                data[inline_form.add_prefix(name)] = _value(value)
    return data
