"""The demo site's role accounts, shared with the editors' tests."""

from tests.editors.conftest import editor, editor_client, publisher, publisher_client  # noqa: F401
