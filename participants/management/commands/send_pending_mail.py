from django.core.management.base import BaseCommand

from participants.models import Notification
from participants.notifications import MAX_MAIL_ATTEMPTS, send_pending_mail


class Command(BaseCommand):
    help = (
        "Send again the notification mails the mail server refused (each is tried at most "
        f"{MAX_MAIL_ATTEMPTS} times); safe to run as often as cron likes."
    )

    def handle(self, *args, **options):
        sent = send_pending_mail()
        waiting = Notification.objects.filter(mail=Notification.Mail.PENDING).count()
        failed = Notification.objects.filter(mail=Notification.Mail.FAILED).count()
        self.stdout.write(f"{sent} mails sent, {waiting} still waiting, {failed} given up.")
