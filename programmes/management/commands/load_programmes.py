from django.core.management.base import BaseCommand

from programmes import builtin
from programmes.models import Programme


class Command(BaseCommand):
    help = "Create or update the built-in programmes (Latsar CPNS, PKP, PKA, PKN, the innovation workshop)."

    def handle(self, *args, **options):
        created, updated = builtin.load(Programme)
        self.stdout.write(f"Programmes: {created} created, {updated} updated.")
