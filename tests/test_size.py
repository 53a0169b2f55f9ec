"""Rooms a newcomer can read: no module over 600 lines and no function over 80, outside the tests, the migrations
and the benchmarks (STYLE.md: split a module into a package once it passes about 600 lines)."""

import ast
from pathlib import Path
from typing import cast

ROOT = Path(__file__).resolve().parent.parent
MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 80
# Not the app's code: tests and benchmarks read best whole, migrations are written by Django.
SKIPPED = {"tests", "migrations", "bench", ".venv", "node_modules"}


def offenders(root: Path) -> list[str]:
    """Each module over the limit with its length, and each function (method, nested function) with its own."""
    found = []
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root)
        if SKIPPED.intersection(relative.parts):
            continue
        source = path.read_text()
        if (lines := len(source.splitlines())) > MAX_MODULE_LINES:
            found.append(f"{relative}: {lines} lines")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                start = min([node.lineno, *(decorator.lineno for decorator in node.decorator_list)])
                end = cast(int, node.end_lineno)  # ast.parse gives every node its positions
                if (lines := end - start + 1) > MAX_FUNCTION_LINES:
                    found.append(f"{relative}:{node.lineno} {node.name}(): {lines} lines")
    return found


def test_no_module_or_function_is_over_its_size():
    assert offenders(ROOT) == []


def test_the_size_check_names_a_long_module_and_a_long_function_but_not_tests(tmp_path):
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "long.py").write_text("x = 1\n" * 601)
    body = "".join(f"    y{n} = {n}\n" for n in range(80))
    (tmp_path / "app" / "views.py").write_text(f"@staff\ndef page(request):\n{body}\n\ndef short():\n    pass\n")
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_long.py").write_text("x = 1\n" * 601)

    assert offenders(tmp_path) == ["app/long.py: 601 lines", "app/views.py:2 page(): 82 lines"]
