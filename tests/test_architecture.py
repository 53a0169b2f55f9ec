"""The layers of docs/architecture.md, held: no app imports one above it, and templates ask rather than decide."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# From the bottom up; an app may import only itself and the apps before it.
LAYERS = ["core", "programmes", "participants", "innovations", "seminars", "closing", "impact", "portal", "api"]


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


def unclosed_comments(source: str) -> list[int]:
    """The lines where a {# comment opens and does not close: Django's short comment is one line, the rest shows."""
    return [number for number, line in enumerate(source.splitlines(), start=1) if re.search(r"\{#(?!.*#\})", line)]


def test_no_template_has_a_short_comment_over_two_lines():
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in (ROOT / "templates").rglob("*.html")
        for number in unclosed_comments(path.read_text())
    ]

    assert offenders == []


def test_the_comment_check_sees_a_comment_left_open_and_not_a_closed_one():
    source = "<ul>\n  {# one line #}<li>a</li>\n  {# two\n  lines #}\n</ul>\n"

    assert unclosed_comments(source) == [3]


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
    "closing/certificate_document.html",
    "closing/recap_document.html",
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


# Who holds which role is asked of the registry (participants/rules.py), never spelled where it is used.
LOOKUP_CALLS = {"filter", "exclude", "get", "Q", "get_object_or_404", "get_list_or_404"}
ROLE_PATH = re.compile(r"(^|__)(participant|mentor|examiner|examiners|coach|staff_members)__user$")
THE_PERSON = re.compile(r"(^|__)(user|requested_by|staff_members)$")


def lookups(path: Path):
    """(line, keyword, value) of every keyword given to a queryset lookup in a module."""
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in LOOKUP_CALLS:
                yield from ((node.lineno, kw.arg, kw.value) for kw in node.keywords if kw.arg)


# A string that is a lookup path naming a role's person anywhere in it: "plan__participant__mentor__user__email".
SPELLED_PATH = re.compile(r"^([a-z_]+__)?(participant|mentor|examiner|examiners|coach)__user(__[a-z_]+)?$")


def strings(path: Path):
    """(line, text) of every string written in a module."""
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.lineno, node.value


def test_no_module_but_the_registry_spells_a_roles_path_to_its_person():
    """select_related, ordering and admin searches ask `person_path()` too: a role's path changes in one place."""
    offenders = [
        f"{path.relative_to(ROOT)}:{line} {text}"
        for folder in [*LAYERS, "bench", "config"]
        for path in (ROOT / folder).rglob("*.py")
        if "migrations" not in path.parts and path.relative_to(ROOT) != Path("participants/rules.py")
        for line, text in strings(path)
        if SPELLED_PATH.match(text)
    ]

    assert offenders == []


def test_the_spelled_path_check_sees_one_in_select_related_and_not_the_registry_call(tmp_path):
    module = tmp_path / "views.py"
    module.write_text(
        'plans.select_related("participant__mentor__user", person_path("owner", "participant"))\n'
        'order_by("superior__user__full_name")\n'
    )

    assert [text for _line, text in strings(module) if SPELLED_PATH.match(text)] == ["participant__mentor__user"]


def test_no_module_but_the_registry_spells_a_roles_path_in_a_lookup():
    offenders = [
        f"{path.relative_to(ROOT)}:{line} {keyword}"
        for app in LAYERS
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts and path.relative_to(ROOT) != Path("participants/rules.py")
        for line, keyword, _value in lookups(path)
        if ROLE_PATH.search(keyword)
    ]

    assert offenders == []


def is_request_user(value) -> bool:
    return (
        isinstance(value, ast.Attribute)
        and value.attr == "user"
        and isinstance(value.value, ast.Name)
        and value.value.id == "request"
    )


def test_the_role_checks_see_a_spelled_path_and_the_signed_in_person(tmp_path):
    view = tmp_path / "views.py"
    view.write_text("plan = get_object_or_404(ActionPlan, pk=pk, participant__mentor__user=request.user)\n")

    found = [(line, keyword, is_request_user(value)) for line, keyword, value in lookups(view)]

    assert found == [(1, "pk", False), (1, "participant__mentor__user", True)]
    assert [keyword for _line, keyword, _person in found if ROLE_PATH.search(keyword)] == ["participant__mentor__user"]


def test_no_view_filters_on_the_signed_in_person_itself():
    offenders = [
        f"{path.relative_to(ROOT)}:{line} {keyword}=request.user"
        for app in LAYERS
        for path in [*(ROOT / app).glob("views/*.py"), *(ROOT / app).glob("views.py")]
        for line, keyword, value in lookups(path)
        if THE_PERSON.search(keyword) and is_request_user(value)
    ]

    assert offenders == []
