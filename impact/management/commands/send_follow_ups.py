from django.core.management.base import BaseCommand

from impact.followups import send_follow_ups


class Command(BaseCommand):
    help = (
        "Ask the alumni and mentors of every cohort that ended twelve months ago or more, and whose organiser set a "
        "follow-up questionnaire, how far the change has gone; each once. Housekeeping runs it too."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"{send_follow_ups()} follow-ups sent.")
