"""The task worker: django-tasks-db's `db_worker`, kept alive through a short database outage.

`db_worker` exits on the first error of its database (a PostgreSQL restart, a failover of a few seconds); systemd
would start it again, but a worker under `compose` or a plain shell would stay down. This one waits, 1 s, then
2, 4, … up to 30 s between tries, and goes on where it was. A task cut off by the outage is left as it stood: a job
goes back to the queue when its lease runs out (participants.jobs), mail is sent again by housekeeping. Options are
`db_worker`'s own.
"""

import logging
import os
import time

from django.core.management.base import CommandError
from django.db import InterfaceError, OperationalError
from django.db import connections as _connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker

logger = logging.getLogger("django_tasks_db")
LONGEST_PAUSE = 30


def close_all() -> None:
    _connections.close_all()


class Worker(db_worker.Worker):
    def run(self) -> None:
        pause = 1
        while self.running:
            try:
                return super().run()
            except (OperationalError, InterfaceError) as error:
                logger.warning("The database does not answer (%s); trying again in %d s", error, pause)
                close_all()  # a broken connection is opened anew on the next try
                time.sleep(pause)
                pause = min(pause * 2, LONGEST_PAUSE)
        return None


class Command(db_worker.Command):
    help = "Run the task worker (django-tasks-db's db_worker), waiting out a database outage instead of exiting."

    def handle(self, *, verbosity, queue_name, interval, batch, backend_name, startup_delay, reload, **options):
        self.configure_logging(verbosity)
        excluded = options["exclude_queues"].split(",") if options["exclude_queues"] else []
        if excluded and "*" not in queue_name.split(","):
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = Worker(
            queue_names=queue_name.split(","),
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
            excluded_queue_names=excluded,
        )
        if reload and not batch:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
