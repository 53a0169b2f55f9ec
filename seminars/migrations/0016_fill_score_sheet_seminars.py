from django.db import migrations


def fill_sheet_seminars(apps, schema_editor):
    """Every sheet written before a cohort had two seminars was scored at its one seminar: the plan's exposé's, else
    the cohort's design seminar. A sheet of a cohort without any seminar (none is made by the app) gets a design
    seminar of the cohort's last day, so that no score is lost."""
    ScoreSheet = apps.get_model("seminars", "ScoreSheet")
    Seminar = apps.get_model("seminars", "Seminar")
    Slot = apps.get_model("seminars", "Slot")
    at_expose = dict(Slot.objects.values_list("plan_id", "seminar_id"))
    design = dict(Seminar.objects.filter(stage="design").values_list("cohort_id", "pk"))
    for sheet in ScoreSheet.objects.filter(seminar__isnull=True).select_related("examiner__cohort"):
        seminar_id = at_expose.get(sheet.plan_id) or design.get(sheet.examiner.cohort_id)
        if seminar_id is None:
            cohort = sheet.examiner.cohort
            seminar_id = Seminar.objects.create(
                cohort=cohort, stage="design", title=cohort.training_title, date=cohort.end_date, venue=""
            ).pk
            design[cohort.pk] = seminar_id
        ScoreSheet.objects.filter(pk=sheet.pk).update(seminar_id=seminar_id)


class Migration(migrations.Migration):
    dependencies = [("seminars", "0015_slots_rubrics_and_sheets_per_seminar")]

    operations = [migrations.RunPython(fill_sheet_seminars, migrations.RunPython.noop)]
