"""The one public verification page (views/verify.py) checks a sealed agreement by its code; the apps above add
the documents they print with a code of their own (a certificate), each with a finder they register from their
`AppConfig.ready`. A finder takes the code as printed and returns what the page shows, or None."""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Found:
    """A document found by its code: the template that shows it (extending seminars/verify.html), its context, and
    the hash of its PDF that an uploaded file is compared with (empty while the PDF is being made)."""

    template: str
    context: dict = field(default_factory=dict)
    pdf_hash: str = ""


FINDERS: list[Callable[[str], Found | None]] = []


def register(finder: Callable[[str], Found | None]) -> Callable[[str], Found | None]:
    FINDERS.append(finder)
    return finder


def find(code: str) -> Found | None:
    for finder in FINDERS:
        if (found := finder(code)) is not None:
            return found
    return None
