"""How far a running job has got, where every process can read it at once.

A job's own row cannot say: an import writes in one transaction, which holds SQLite's one
writer's lock, and on PostgreSQL keeps what it writes unseen until it commits. So a worker
tells the board, the `jobs` cache (Redis when REDIS_URL is set, so workers on other machines
are seen; else files under var/, which every process of this machine shares), every half
second at most, and beats on it while the job runs: a job whose beat stops has lost its
worker (jobs.running.recover_stalled).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping

from django.core.cache import caches

from catalogue.lib.messages import Message

BEAT_SECONDS = 5
# Kept a while after the job ends, for a page that asks just then.
KEPT_SECONDS = 24 * 3600


def _board():
    return caches["jobs"]


def _key(job_id: int) -> str:
    return f"job:{job_id}"


def read(job_id: int) -> Mapping | None:
    """The job's live entry: phase (Message.as_data), done, total, beat (a Unix time)."""
    return _board().get(_key(job_id))


def read_many(job_ids: list[int]) -> dict[int, Mapping]:
    found = _board().get_many([_key(i) for i in job_ids])
    return {i: found[_key(i)] for i in job_ids if _key(i) in found}


def forget(job_id: int) -> None:
    _board().delete(_key(job_id))


class Reporter:
    """What a job's handler tells of its progress; a heartbeat while the job runs.

    Call it as the importer's progress callback: reporter(phase, done, total).
    """

    EVERY = 0.5

    def __init__(self, job_id: int, token: str):
        self.job_id, self.token = job_id, token
        self.phase: dict | None = None
        self.done = self.total = 0
        self._told = 0.0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._beat = threading.Thread(target=self._beating, daemon=True, name=f"job-{job_id}")

    def __call__(self, phase: str | Message | None = None, done: int = 0, total: int = 0):
        with self._lock:
            changed = phase is not None and self._data(phase) != self.phase
            if phase is not None:
                self.phase = self._data(phase)
            self.done, self.total = done, total
            if changed or time.monotonic() - self._told >= self.EVERY or done == total:
                self._tell()

    @staticmethod
    def _data(phase: str | Message) -> dict:
        return phase.as_data() if isinstance(phase, Message) else {"text": str(phase)}

    def _tell(self) -> None:
        self._told = time.monotonic()
        entry = {
            "token": self.token,
            "phase": self.phase,
            "done": self.done,
            "total": self.total,
            "beat": time.time(),
        }
        _board().set(_key(self.job_id), entry, KEPT_SECONDS)

    def _beating(self) -> None:
        while not self._stop.wait(BEAT_SECONDS):
            with self._lock:
                self._tell()

    def __enter__(self) -> Reporter:
        with self._lock:
            self._tell()
        self._beat.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._beat.join()
