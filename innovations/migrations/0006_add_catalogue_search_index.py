"""The catalogue's full-text index, on PostgreSQL only: SQLite has no GIN index and no to_tsvector.

It indexes exactly the expression that innovations.catalogue.search() matches with @@, so that a word search
reads the index rather than turning every published plan into a text vector.
"""

from django.db import migrations

INDEX = "plan_search_idx"
TEXT_FIELDS = ["title", "problem", "innovation", "objectives", "benefits"]  # as catalogue.TEXT_FIELDS


def _index():
    from django.contrib.postgres.indexes import GinIndex
    from django.contrib.postgres.search import SearchVector

    return GinIndex(SearchVector(*TEXT_FIELDS, config="simple"), name=INDEX)


def add_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("innovations", "ActionPlan"), _index())


def remove_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("innovations", "ActionPlan"), _index())


class Migration(migrations.Migration):
    dependencies = [
        ("innovations", "0005_add_catalogue_index"),
    ]

    operations = [migrations.RunPython(add_search_index, remove_search_index)]
