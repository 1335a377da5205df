import logging
import os
import socket
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import OperationalError, close_old_connections

from jobs.busy import is_locked

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Run the jobs of the task queue (imports, reports, matching, e-mail) until stopped: "
        "as many as you like, on any machine that reaches the database (and Redis, with "
        "TASKS_BACKEND=rq). Ctrl-C or SIGTERM lets the job under way finish first."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch", action="store_true", help="Stop once no job is waiting (scripts, tests)."
        )

    def handle(self, *args, batch: bool, **options):
        worker_id = f"{socket.gethostname()}-{os.getpid()}"
        if settings.TASKS_BACKEND == "rq":
            call_command(
                "rqworker",
                "default",
                job_class="django_tasks_rq.Job",
                with_scheduler=True,  # runs the retries due later
                burst=batch,
                name=worker_id,
            )
        else:
            self.db_worker(worker_id, batch)

    def db_worker(self, worker_id: str, batch: bool) -> None:
        """The database queue's worker; started again when it stops on a database that
        stays locked (SQLite, while an import writes) between two jobs."""
        while True:
            try:
                call_command(
                    "db_worker",
                    queue_name="default",
                    interval=0.5,
                    batch=batch,
                    worker_id=worker_id,
                    startup_delay=not batch,
                    reload=False,
                )
                return
            except OperationalError as error:
                if not is_locked(error):
                    raise
                logger.warning("the database stayed locked; the worker goes on in 5 s")
                close_old_connections()
                time.sleep(5)
