from tests.closing.conftest import closing_cohort  # noqa: F401 - the cohort of the closing tests, as a fixture here
