"""Demo content of the open-data apps, called by ``load_demo_content``. Idempotent."""

from registry.demo import load_demo as load_registry_demo
from sitesearch.indexing import rebuild_index


def load_demo(*, user):
    """Registry lists, register rows and tabs, then a fresh search index; returns new pages."""
    created = load_registry_demo(user=user)
    rebuild_index()
    return created
