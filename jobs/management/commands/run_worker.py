import os
import socket

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


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
            call_command(
                "db_worker",
                queue_name="default",
                interval=0.5,
                batch=batch,
                worker_id=worker_id,
                startup_delay=not batch,
                reload=False,
            )
