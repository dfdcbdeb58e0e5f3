import pytest
from django.contrib.auth import get_user_model


@pytest.fixture
def editor_user(demo_site):
    return get_user_model().objects.get(username="editor")
