"""No installed dependency, and no version pyproject.toml allows, predates a known security fix.

Each row names the advisory that set the floor. When a new advisory lands for one of these
packages, add a row; the test then fails until the pin in constraints.txt is raised.
"""

import tomllib
from importlib.metadata import version
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]

# (distribution, first fixed version, advisory)
ADVISORIES = [
    ("django", "5.2.8", "CVE-2025-64459 (GHSA-frmv-pr5f-9mcr): SQL injection via _connector"),
    ("django", "5.2.15", "GHSA-8cjm-8mp7-r2xf: cached responses with case-varied Cache-Control"),
    ("django-cms", "5.0.8", "CVE-2026-54624: structure endpoint bypasses page-view permission"),
    ("django-cms", "5.0.9", "CVE-2026-63003: page Duplicate reads any page's content"),
    ("django-filer", "3.3.0", "CVE-2024-11404 (GHSA-j4v3-wwwx-5gqv): dangerous uploads, XSS"),
    ("pillow", "11.3.0", "CVE-2025-48379: heap buffer overflow writing DDS images"),
    (
        "djangocms-versioning",
        "2.6.1",
        "CVE-2026-69138 (GHSA-5g9x-qwh5-33x4): discard/edit without object permission",
    ),
]


def declared_requirements():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = {}
    for line in project["dependencies"]:
        requirement = Requirement(line)
        requirements[requirement.name.lower()] = requirement
    return requirements


@pytest.mark.parametrize(("package", "fixed", "advisory"), ADVISORIES, ids=lambda v: v[:40])
def test_installed_version_includes_the_fix(package, fixed, advisory):
    installed = Version(version(package))
    assert installed >= Version(fixed), f"{package} {installed} is affected by {advisory}"


@pytest.mark.parametrize(("package", "fixed", "advisory"), ADVISORIES, ids=lambda v: v[:40])
def test_pyproject_never_allows_an_affected_version(package, fixed, advisory):
    requirement = declared_requirements()[package]
    floors = [Version(s.version) for s in requirement.specifier if s.operator in {">=", "=="}]
    assert floors, f"{package} has no lower bound in pyproject.toml"
    assert max(floors) >= Version(fixed), f"pyproject.toml allows {package} affected by {advisory}"
