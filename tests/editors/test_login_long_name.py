"""A login with an absurdly long user name is a refused login, not a server error."""

import pytest
from axes.models import AccessAttempt

pytestmark = pytest.mark.django_db


def test_an_overlong_user_name_is_refused_and_recorded_cut(client):
    name = "a" * 5000
    response = client.post("/admin/login/?next=/admin/", {"username": name, "password": "x"})
    assert response.status_code == 200
    assert "Please enter the correct username and password" in response.content.decode()
    attempt = AccessAttempt.objects.get()
    assert attempt.username == name[:255]
