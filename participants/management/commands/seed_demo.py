from django.core.management.base import BaseCommand

from participants.demo.loader import PASSWORD, load_demo


class Command(BaseCommand):
    help = "Load the Medan 2017 demo cohort. Running it again changes nothing."

    def handle(self, *args, **options):
        sign_ins = load_demo()
        self.stdout.write(f"Demo cohort ready. Sign in with any of these (password {PASSWORD}):")
        for sign_in in sign_ins:
            self.stdout.write(f"  {sign_in.role:<12} {sign_in.email:<40} NIP {sign_in.nip}  {sign_in.name}")
