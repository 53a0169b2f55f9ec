from django.core.management.base import BaseCommand, CommandError

from participants import regions


class Command(BaseCommand):
    help = (
        "Load Indonesia's regions with their Kemendagri codes: those below each CODE (a province such as 12 or a "
        "kabupaten/kota such as 12.71), or all of Indonesia with none. Running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "codes", nargs="*", metavar="CODE", help="e.g. 12 (Sumatera Utara) or 12.72 (Kota Pematangsiantar)"
        )
        parser.add_argument(
            "--no-villages", action="store_true", help="stop at the kecamatan, without kelurahan and desa"
        )

    def handle(self, *args, codes, no_villages, **options):
        try:
            created, updated = regions.load(codes, villages=not no_villages)
        except ValueError as error:
            raise CommandError(f"No region has the Kemendagri code {error}.") from None
        where = ", ".join(codes) if codes else "Indonesia"
        self.stdout.write(f"Regions of {where}: {created} added, {updated} renamed, the rest already there.")
