import datetime

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import BaseCommand

from core.storage import remove_orphans
from core.tasks import heartbeat, uses_database_worker
from participants.housekeeping import STEPS
from participants.jobs import remove_old_downloads, retry_stale_jobs
from participants.notifications import send_pending_mail

SWEPT_KEY = "inovasi:orphans-swept"
SWEEP_EVERY = 24 * 3600


class Command(BaseCommand):
    help = (
        "Every few minutes (a timer): retry due jobs and mail, free jobs whose worker went away, remove old "
        "downloads and task results, once a day files no row names, and ask the worker for a heartbeat. Safe to "
        "run at any time, and twice."
    )

    def handle(self, *args, **options):
        jobs = retry_stale_jobs()
        # Mail younger than this is still the worker's to send; older pending mail lost its task or its retry.
        mails = send_pending_mail(older_than=datetime.timedelta(minutes=10))
        removed = remove_old_downloads(days=settings.DOWNLOAD_DAYS)
        if uses_database_worker():
            call_command("prune_db_task_results", min_age_days=14, verbosity=0)
        # Files no row names (a write cut short, a rolled-back upload) are looked for once a day: it lists storage.
        swept = f" {remove_orphans()} orphan files removed." if cache.add(SWEPT_KEY, True, SWEEP_EVERY) else ""
        heartbeat.enqueue()
        # The apps' own steps (the one-year follow-up), each safe to run twice.
        done = "".join(f" {function()} {label}." for label, function in STEPS)
        self.stdout.write(f"{jobs} jobs tried again, {mails} mails sent, {removed} old downloads removed.{swept}{done}")
