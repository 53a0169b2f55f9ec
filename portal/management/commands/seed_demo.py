from django.conf import settings
from django.core.management.base import BaseCommand

from portal.demo.loader import NOTES, PASSWORD, load_demo
from seminars.agreements import verification_base


class Command(BaseCommand):
    help = "Load the demo: two organisations, each with its cohort. Running it again changes nothing."

    def handle(self, *args, **options):
        # The demo's story sends notifications; nobody should receive them, not even the console.
        backend, settings.EMAIL_BACKEND = settings.EMAIL_BACKEND, "django.core.mail.backends.dummy.EmailBackend"
        try:
            sign_ins = load_demo()
        finally:
            settings.EMAIL_BACKEND = backend
        self.stdout.write(f"Demo ready. Sign in with any of these (password {PASSWORD}):")
        for sign_in in sign_ins:
            self.stdout.write(
                f"  {sign_in.role:<12} {sign_in.email:<40} NIP {sign_in.nip}  {sign_in.name} ({sign_in.where})"
            )
        # Sealed documents keep the address they were sealed with: say which, so a wrong one is seen at once.
        self.stdout.write(f"Sealed agreements point at {verification_base()} (VERIFY_URL, docs/configuration.md).")
        for note in NOTES:
            self.stdout.write(note)
