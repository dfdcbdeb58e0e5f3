"""Fixtures for the editorial workflow tests: the demo site's role accounts."""

import pytest
from django.contrib.auth import get_user_model


@pytest.fixture
def editor(demo_site):
    return get_user_model().objects.get(username="editor")


@pytest.fixture
def publisher(demo_site):
    return get_user_model().objects.get(username="publisher")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def publisher_client(client, publisher):
    client.force_login(publisher)
    return client
