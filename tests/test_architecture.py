"""The apps depend one way, towards the domain: the import-linter contracts in pyproject.toml.

The first test checks the project as it is. The others run the same contracts, in a separate
process, against a copy of the project's apps with one forbidden import added, and expect it
to be reported: a contract that cannot fail proves nothing.
"""

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = ROOT / "pyproject.toml"
# The lint-imports command; with -c, Python looks for packages in the working folder first.
LINT_IMPORTS = "import sys; from importlinter.cli import lint_imports_command as c; sys.exit(c())"
ROOT_PACKAGES = tomllib.loads(PYPROJECT.read_text())["tool"]["importlinter"]["root_packages"]


def lint_imports(cwd):
    """Run lint-imports with the project's contracts on the packages found in ``cwd``."""
    return subprocess.run(
        [sys.executable, "-c", LINT_IMPORTS, str(PYPROJECT), "--no-cache"],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_apps_keep_the_import_contracts():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.fixture
def project_copy(tmp_path):
    """The project's Python packages (code only) in a temporary folder."""
    for package in ROOT_PACKAGES:
        shutil.copytree(
            ROOT / package,
            tmp_path / package,
            ignore=shutil.ignore_patterns("__pycache__", "templates", "static", "*.html"),
        )
    return tmp_path


@pytest.mark.parametrize(
    ("module", "line", "reported"),
    [
        # The domain reaching up into an app that builds on it.
        (
            "agreements/models.py",
            "import editorial.uploads",
            "agreements is not allowed to import editorial",
        ),
        # Two apps on the same layer depending on each other.
        ("alerts/models.py", "import sitesearch.models", "alerts is not allowed to import"),
        # An app borrowing another app's views.
        (
            "opendata/selectors.py",
            "import registry.views",
            "Illegal imports of protected package registry.views",
        ),
    ],
)
def test_a_forbidden_import_breaks_a_contract(project_copy, module, line, reported):
    assert lint_imports(project_copy).returncode == 0  # the copy itself is clean
    path = project_copy / module
    path.write_text(path.read_text() + f"\n{line}  # noqa\n")
    result = lint_imports(project_copy)
    assert result.returncode != 0
    assert reported in result.stdout, result.stdout
