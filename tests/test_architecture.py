"""The layers of docs/architecture.md, held: no app imports one above it, and templates ask rather than decide."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# From the bottom up; an app may import only itself and the apps before it.
LAYERS = ["core", "participants", "innovations", "seminars", "impact", "portal"]


def imported_apps(path: Path) -> set[str]:
    return apps_in(path.read_text(), path.relative_to(ROOT).parent.parts)


def apps_in(source: str, package: tuple[str, ...]) -> set[str]:
    """The project apps a module's source imports, anywhere in it; relative imports are resolved."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = list(package[: len(package) - node.level + 1]) if node.level else []
            names = [".".join([*base, node.module] if node.module else base)]
        else:
            continue
        found |= {name.split(".")[0] for name in names if name.split(".")[0] in LAYERS}
    return found


@pytest.mark.parametrize("app", LAYERS)
def test_an_app_imports_only_the_layers_below_it(app):
    allowed = set(LAYERS[: LAYERS.index(app) + 1])

    upward = {
        str(path.relative_to(ROOT)): sorted(imported_apps(path) - allowed)
        for path in (ROOT / app).rglob("*.py")
        if imported_apps(path) - allowed
    }

    assert upward == {}


def test_the_layer_check_sees_relative_absolute_and_inline_imports():
    source = "from .. import workflow\nfrom seminars.models import Slot\n\ndef f():\n    import portal.views\n"

    assert apps_in(source, ("innovations", "views")) == {"innovations", "seminars", "portal"}


STATE_LITERAL = re.compile(
    r"""state\s*(==|!=)\s*['"]|['"](draft|submitted|revision|approved|examined|agreed)['"]\s*in\b"""
)


def test_no_template_compares_a_state_with_a_literal():
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in (ROOT / "templates").rglob("*.html")
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if STATE_LITERAL.search(line)
    ]

    assert offenders == []


# What names one organisation is its data: the demo's, the tests' and the migrations' may; nothing else may.
ONE_ORGANISATION = re.compile(r"medan|bkdpsdm", re.IGNORECASE)
DEMO = "portal/demo/"


def test_no_template_setting_or_module_names_one_organisation():
    paths = [
        *ROOT.glob("*.py"),
        *(path for folder in [*LAYERS, "config", "templates"] for path in (ROOT / folder).rglob("*")),
    ]
    offenders = sorted(
        {
            f"{relative}:{number}"
            for path in paths
            if path.is_file()
            and not (relative := path.relative_to(ROOT).as_posix()).startswith(DEMO)
            and "/migrations/" not in relative
            and path.suffix in {".py", ".html", ".txt"}
            for number, line in enumerate(path.read_text().splitlines(), start=1)
            if ONE_ORGANISATION.search(line)
        }
    )

    assert offenders == []


# The official documents: each on the one letterhead, signed with the one signature block.
DOCUMENTS = [
    "innovations/plan_print.html",
    "innovations/cohort_booklet.html",
    "seminars/minutes.html",
    "seminars/agenda_document.html",
    "seminars/agreement_document.html",
    "participants/letterhead_sample.html",
    "impact/dossier_document.html",
]


@pytest.mark.parametrize("template", DOCUMENTS)
def test_every_document_uses_the_one_letterhead_and_signature_block(template):
    source = (ROOT / "templates" / template).read_text()
    if template == "innovations/plan_print.html":
        source += (ROOT / "templates" / "innovations" / "_plan_document.html").read_text()

    assert ('{% include "includes/letterhead.html"' in source, '{% include "includes/signature.html"' in source) == (
        True,
        True,
    )
