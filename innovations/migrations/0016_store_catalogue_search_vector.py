"""The catalogue's words stored, stemmed, in ActionPlan.search_vector, and indexed there.

Before, migrations 0006 and 0012 indexed an expression (to_tsvector over five fields): the match (@@) read the index,
but ranking the matches turned each of them into a text vector again on every search. Now the vector is stored: a
trigger computes it on every insert (bulk_create included) and on every update of one of the five fields, whoever
writes the row, and the GIN index is on the column. PostgreSQL only; on SQLite the column stays empty and the search
matches the words themselves.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import migrations

OLD_INDEX = "plan_search_idx"
TEXT_FIELDS = ["title", "problem", "innovation", "objectives", "benefits"]  # as catalogue.TEXT_FIELDS
CONFIG = "indonesian"  # as catalogue.SEARCH_CONFIG
# The same text as SearchVector(*TEXT_FIELDS): the fields joined by a space, an empty field as ''.
DOCUMENT = " || ' ' || ".join(f"COALESCE(NEW.{field}, '')" for field in TEXT_FIELDS)

FORWARD = [
    f"DROP INDEX IF EXISTS {OLD_INDEX}",
    f"""CREATE FUNCTION innovations_plan_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector := to_tsvector('{CONFIG}', {DOCUMENT});
    RETURN NEW;
END
$$""",
    f"""CREATE TRIGGER plan_search_vector BEFORE INSERT OR UPDATE OF {", ".join(TEXT_FIELDS)}
ON innovations_actionplan FOR EACH ROW EXECUTE FUNCTION innovations_plan_search_vector()""",
    # Every existing row through the trigger.
    "UPDATE innovations_actionplan SET title = title",
    "CREATE INDEX plan_search_vector_idx ON innovations_actionplan USING gin (search_vector)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS plan_search_vector_idx",
    "DROP TRIGGER IF EXISTS plan_search_vector ON innovations_actionplan",
    "DROP FUNCTION IF EXISTS innovations_plan_search_vector()",
    f"CREATE INDEX {OLD_INDEX} ON innovations_actionplan USING gin "
    f"(to_tsvector('{CONFIG}'::regconfig, "
    + " || ' ' || ".join(f"COALESCE({field}, '')" for field in TEXT_FIELDS)
    + "))",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("innovations", "0015_add_consultations"),
    ]

    operations = [
        migrations.AddField(
            model_name="actionplan",
            name="search_vector",
            field=SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(_run(FORWARD), _run(BACKWARD)),
    ]
