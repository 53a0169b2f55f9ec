"""Steps that the apps above add to `manage.py run_housekeeping` (from their AppConfig.ready), so that the one timer
every installation already runs does their periodic work too; this layer cannot import them."""

from collections.abc import Callable

# (what the summary calls the things done, the step): each returns how many it did, and is safe to run twice.
STEPS: list[tuple[str, Callable[[], int]]] = []


def step(label: str):
    """Register a housekeeping step; `label` completes its count in the command's summary ("3 follow-ups sent")."""

    def register(function: Callable[[], int]) -> Callable[[], int]:
        STEPS.append((label, function))
        return function

    return register
