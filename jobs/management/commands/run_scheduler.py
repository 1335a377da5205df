import logging
import os
import signal
import socket
import threading

from django.core.management.base import BaseCommand
from django.db import DatabaseError, close_old_connections

from jobs.schedule import TICK_SECONDS, hold_lease, release_lease, tick

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Queue the scheduled jobs of settings.JOBS_SCHEDULE when due, and queue again the "
        "jobs of workers that died. Run one per deployment; a second one started by mistake "
        "waits for the first's lease."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="One tick, then stop.")

    def handle(self, *args, once: bool, **options):
        holder = f"{socket.gethostname()}-{os.getpid()}"
        stop = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.set())
        waiting_said = False
        try:
            while not stop.is_set():
                try:
                    held = hold_lease(holder)
                    if held:
                        waiting_said = False
                        for job in tick():
                            self.stdout.write(f"queued job {job.pk}: {job.key}")
                except DatabaseError:  # SQLite's writer busy for long (an import): next tick
                    logger.exception("scheduler tick failed; trying again")
                    held = True
                if not held and not waiting_said:
                    self.stdout.write("another scheduler holds the lease; waiting")
                    waiting_said = True
                if once:
                    break
                stop.wait(TICK_SECONDS)
                close_old_connections()  # as a request's end does: a dropped one is reopened
        finally:
            release_lease(holder)
