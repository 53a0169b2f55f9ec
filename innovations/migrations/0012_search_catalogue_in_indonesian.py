"""The catalogue's full-text index in Indonesian: it indexes exactly the expression that innovations.catalogue.search()
matches with @@ (config "indonesian"), replacing migration 0006's index on the "simple" configuration. PostgreSQL only.
"""

from django.db import migrations

INDEX = "plan_search_idx"
TEXT_FIELDS = ["title", "problem", "innovation", "objectives", "benefits"]  # as catalogue.TEXT_FIELDS


def _index(config):
    from django.contrib.postgres.indexes import GinIndex
    from django.contrib.postgres.search import SearchVector

    return GinIndex(SearchVector(*TEXT_FIELDS, config=config), name=INDEX)


def _swap(old, new):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            model = apps.get_model("innovations", "ActionPlan")
            schema_editor.remove_index(model, _index(old))
            schema_editor.add_index(model, _index(new))

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("innovations", "0011_add_milestone_reminders"),
    ]

    operations = [migrations.RunPython(_swap("simple", "indonesian"), _swap("indonesian", "simple"))]
