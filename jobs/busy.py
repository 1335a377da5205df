"""Bookkeeping that waits out SQLite's one writer.

On SQLite an import holds the database's only write lock for as long as it writes, often
longer than the busy timeout. A worker recording that a job started or ended, or that an
e-mail went, must not give up then: a job whose end is not recorded looks lost and runs
again; an e-mail whose sending is not recorded goes twice. written() tries such a write
again until the lock is free (JOBS_LOCKED_SECONDS at most). PostgreSQL locks rows, not the
database, and never raises this.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.db import OperationalError, connection

logger = logging.getLogger(__name__)

T = TypeVar("T")


def is_locked(error: OperationalError) -> bool:
    return "database is locked" in str(error) or "database table is locked" in str(error)


def written(write: Callable[[], T]) -> T:
    """write(), tried again while the database is locked by another writer."""
    deadline = time.monotonic() + settings.JOBS_LOCKED_SECONDS
    pause = 0.5
    while True:
        try:
            return write()
        except OperationalError as error:
            # Inside a transaction the whole of it would have to be tried again.
            if not is_locked(error) or connection.in_atomic_block:
                raise
            if time.monotonic() + pause > deadline:
                raise
            logger.warning("the database is locked by another writer; trying again")
            time.sleep(pause)
            pause = min(pause * 2, 10)
