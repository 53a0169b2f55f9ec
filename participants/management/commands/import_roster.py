from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from participants.importer import ImportFileError, import_roster
from participants.models import Cohort


class Command(BaseCommand):
    help = "Import a cohort's roster from an XLSX or CSV file. Exits 1 when any row was rejected."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--cohort", required=True, help="the cohort's short name (slug)")
        parser.add_argument("--dry-run", action="store_true", help="check the file and write nothing")

    def handle(self, *args, file, cohort, dry_run, **options):
        try:
            cohort = Cohort.objects.get(slug=cohort)
        except Cohort.DoesNotExist:
            raise CommandError(f"No cohort with the short name {cohort!r}.") from None
        try:
            preview = import_roster(cohort, file.read_bytes(), by=None, dry_run=dry_run)
        except (OSError, ImportFileError) as error:
            raise CommandError(str(error)) from error
        for row in preview.rows:
            for reason in row.errors:
                self.stdout.write(f"row {row.line}: {reason}")
        # What staff decided stays: a replaced superior, a mentor chosen by hand, a withdrawal (roster_decisions).
        for row, decision in preview.kept:
            self.stdout.write(f"row {row.line} ({row.name}): kept: {decision.message}")
        self.stdout.write(preview.summary + (" (dry run: nothing written)" if dry_run else ""))
        if preview.counts["error"]:
            raise SystemExit(1)
