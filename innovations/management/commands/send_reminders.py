from django.core.management.base import BaseCommand

from innovations.reminders import send_reminders


class Command(BaseCommand):
    help = "Tell each person, by notification and mail, of milestones due within 7 days and overdue ones; once a day."

    def handle(self, *args, **options):
        sent = send_reminders()
        self.stdout.write(f"{sent} digests sent.")
