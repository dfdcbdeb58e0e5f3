"""Agreement data under djangocms-versioning: how a version is copied into a new draft.

A version owns every row that cascades from it: documents, co-chairs, stages (with their
required forms), milestones, and the rows other apps hang off it with ``on_delete=CASCADE``
(the registry's eligibility list with its programmes and methodologies, the authorised projects,
the extracted text of a signed PDF). Copying walks those relations, so an app that adds rows to
agreement data gets them versioned without the domain app knowing about it. Files are shared by
name between versions: a file leaves storage only when no row of any version names it
(``agreements.signals.delete_unreferenced_file``).
"""

from django.db import models


def _owned_relations(model):
    """Reverse one-to-many and one-to-one relations whose rows are deleted with ``model``."""
    for relation in model._meta.related_objects:
        if relation.on_delete is models.CASCADE and (relation.one_to_many or relation.one_to_one):
            yield relation


def _copy_children(original, copy):
    for relation in _owned_relations(type(original)):
        if relation.one_to_one:
            try:
                children = [getattr(original, relation.get_accessor_name())]
            except relation.related_model.DoesNotExist:
                continue
        else:
            children = list(
                relation.related_model._base_manager.filter(
                    **{relation.field.name: original}
                ).order_by("pk")
            )
        for child in children:
            child_original = relation.related_model._base_manager.get(pk=child.pk)
            child.pk = None
            child.id = None
            child._state.adding = True
            setattr(child, relation.field.name, copy)
            child.save()
            _copy_children(child_original, child)


def copy_agreement_content(original):
    """The ``copy_function`` for agreement data: a new content row and a copy of every row
    hanging off the original, ready to be given a draft ``Version`` by djangocms-versioning."""
    model = type(original)
    fields = {
        field.name: getattr(original, field.name)
        for field in model._meta.concrete_fields
        if not field.primary_key
    }
    # The original manager: djangocms-versioning creates the Version itself.
    new = model._original_manager.create(**fields)
    _copy_children(original, new)
    return new
