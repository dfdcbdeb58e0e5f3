"""A missing service or tool skips a production test on a developer machine and fails it in CI."""

import pytest

from . import stack


@pytest.mark.parametrize("value", ["true", "1", "yes"])
def test_in_ci_a_missing_tool_fails_the_test(monkeypatch, value):
    monkeypatch.setenv("CI", value)
    with pytest.raises(pytest.fail.Exception, match="nginx is not installed"):
        stack.unavailable("nginx is not installed at /usr/sbin/nginx")


@pytest.mark.parametrize("value", [None, "", "false"])
def test_elsewhere_a_missing_tool_skips_the_test(monkeypatch, value):
    if value is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", value)
    with pytest.raises(pytest.skip.Exception):
        stack.unavailable("nginx is not installed at /usr/sbin/nginx")
