"""Run a function in a forked child process under memory, CPU-time and wall-clock limits. Pure.

The parsers behind the importer (calamine in Rust, Python's zip, XML and CSV readers) can be
made by a file of a few kilobytes to allocate hundreds of gigabytes or to spin: in-process,
that aborts the whole server process. In a child, a file over budget costs the child alone,
and the caller gets an exception it can turn into a message.

Why fork, and not spawn or a forkserver: the child starts with every module already imported,
so a small file is read in milliseconds, not the ~0.3 s an interpreter takes to start and
import the parsers; and the file need not be sent to it. Forking a threaded process (runserver,
gunicorn with threads) is safe here because the child runs only our parsing code and then
leaves with os._exit: it takes no lock another thread may hold (modules are imported before the
fork), never touches the database connections it inherits, runs no atexit handler and no
finaliser of the parent's objects (the garbage collector is frozen across the fork).

Limits: RLIMIT_AS to the child's size at the fork plus the budget (a forked child shares the
parent's memory, so the budget is what parsing may add); RLIMIT_CPU, plus a wall-clock
deadline after which the parent kills the child; RLIMIT_FSIZE bounds the result and the
captured stderr, so the parent never reads more than the budget back; RLIMIT_CORE 0, so an
abort leaves no core file behind.
"""

from __future__ import annotations

import contextlib
import faulthandler
import gc
import math
import mmap
import os
import pickle
import resource
import select
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NoReturn

# The child's exit codes when it leaves without a result.
EXIT_OUT_OF_MEMORY = 70
EXIT_RESULT_TOO_LARGE = 71
# Signals a server may have given Python handlers; the child must simply die of them.
RESET_SIGNALS = ("SIGTERM", "SIGINT", "SIGQUIT", "SIGHUP", "SIGUSR1", "SIGUSR2", "SIGWINCH",
                 "SIGCHLD", "SIGALRM", "SIGABRT", "SIGXCPU")  # fmt: skip
STDERR_KEPT = 4000
# Rust's allocator says this on stderr before it aborts.
RUST_OUT_OF_MEMORY = b"memory allocation of"


class ChildError(Exception):
    """The child did not return a result; the message says why, in a few words."""


class OverMemory(ChildError):
    pass


class OverTime(ChildError):
    pass


class ResultTooLarge(ChildError):
    pass


@dataclass(frozen=True)
class Usage:
    """What one child used: peak resident memory (shared pages of the parent included)."""

    peak_rss_mb: float
    cpu_seconds: float
    wall_seconds: float


def run_limited(
    function: Callable[..., Any],
    *args: Any,
    memory_mb: int,
    seconds: float,
    on_usage: Callable[[Usage], None] | None = None,
) -> Any:
    """function(*args) in a child process; its exceptions are raised again here.

    Raises OverMemory, OverTime or ResultTooLarge when the child goes over a limit (its
    result may be at most memory_mb), and ChildError when it dies in any other way.
    """
    result_fd, stderr_fd = _anonymous_file("result"), _anonymous_file("stderr")
    started = time.monotonic()
    gc_was_enabled = gc.isenabled()
    gc.disable()  # no collection in the child, from the fork on
    try:
        pid = os.fork()
        if pid == 0:  # the child never returns from here
            _child(function, args, result_fd, stderr_fd, memory_mb, seconds)
    finally:
        if gc_was_enabled:
            gc.enable()
    try:
        timed_out = not _wait_for_exit(pid, seconds)
        if timed_out:
            os.kill(pid, signal.SIGKILL)
        status, usage = _reap(pid, started)
        if on_usage and usage:
            on_usage(usage)
        if timed_out:
            raise OverTime(f"took longer than {seconds} s")
        return _outcome(result_fd, stderr_fd, status)
    finally:
        _reap_quietly(pid)
        os.close(result_fd)
        os.close(stderr_fd)


def _anonymous_file(name: str) -> int:
    if hasattr(os, "memfd_create"):
        return os.memfd_create(f"sandbox-{name}", os.MFD_CLOEXEC)
    import tempfile

    with tempfile.TemporaryFile() as file:
        return os.dup(file.fileno())


def _child(
    function, args, result_fd: int, stderr_fd: int, memory_mb: int, seconds: float
) -> NoReturn:
    code = 1
    try:
        # The parent's objects are never finalised here (a database connection's finaliser
        # would end the parent's session): the collector stays off, which also spares it
        # scanning the millions of cells a read makes. The child is short-lived and its
        # memory bounded, so uncollected cycles cost nothing.
        gc.freeze()
        _isolate(stderr_fd)
        _limit(resource.RLIMIT_CORE, 0)
        _limit(resource.RLIMIT_CPU, math.ceil(seconds), hard=math.ceil(seconds) + 1)
        _limit(resource.RLIMIT_FSIZE, memory_mb * 1024 * 1024)
        size = _address_space()
        if size is not None:
            _limit(resource.RLIMIT_AS, size + memory_mb * 1024 * 1024)
        try:
            outcome: tuple[bool, Any] = (True, function(*args))
        except BaseException as error:  # noqa: BLE001 - every failure goes back to the parent
            outcome = (False, error)
        if not outcome[0] and isinstance(outcome[1], MemoryError):
            code = EXIT_OUT_OF_MEMORY
        else:
            code = _write_outcome(result_fd, outcome)
    except MemoryError:
        code = EXIT_OUT_OF_MEMORY
    finally:
        os._exit(code)


def _isolate(stderr_fd: int) -> None:
    """Signals and standard streams of a child that must only parse and leave."""
    for name in RESET_SIGNALS:
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # an oversized result: EFBIG, not death
    with contextlib.suppress(ValueError):
        signal.set_wakeup_fd(-1)  # a server's wake-up pipe is the parent's, not ours
    faulthandler.disable()  # pytest's would print an abort's traceback on the parent's stderr
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, 0)
    os.dup2(stderr_fd, 1)
    os.dup2(stderr_fd, 2)


def _write_outcome(result_fd: int, outcome: tuple[bool, Any]) -> int:
    with open(result_fd, "wb", closefd=False) as file:
        try:
            try:
                pickle.dump(outcome, file, protocol=pickle.HIGHEST_PROTOCOL)
            except (pickle.PicklingError, TypeError, AttributeError):
                # An exception that cannot be pickled still comes back, as text.
                file.seek(0)
                file.truncate()
                error = outcome[1]
                pickle.dump((False, ChildError(f"{type(error).__name__}: {error}")), file)
            file.flush()
        except OSError:  # EFBIG: over RLIMIT_FSIZE
            return EXIT_RESULT_TOO_LARGE
    return 0


def _limit(kind: int, soft: int, *, hard: int | None = None) -> None:
    _, current_hard = resource.getrlimit(kind)
    hard = soft if hard is None else hard
    if current_hard != resource.RLIM_INFINITY:
        soft, hard = min(soft, current_hard), min(hard, current_hard)
    resource.setrlimit(kind, (soft, hard))


def _address_space() -> int | None:
    """This process's size in bytes; None where /proc is missing (then memory is not limited)."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[0]) * mmap.PAGESIZE
    except OSError:
        return None


def _wait_for_exit(pid: int, seconds: float) -> bool:
    """True when the child exits within `seconds`."""
    try:
        pidfd = os.pidfd_open(pid)
    except (AttributeError, OSError):
        pidfd = None
    if pidfd is not None:
        try:
            poller = select.poll()
            poller.register(pidfd, select.POLLIN)
            deadline = time.monotonic() + seconds
            while (left := deadline - time.monotonic()) > 0:
                if poller.poll(left * 1000):
                    return True
            return False
        finally:
            os.close(pidfd)
    # Without pidfd (old kernels): poll, from every millisecond to every 50.
    deadline, pause = time.monotonic() + seconds, 0.001
    while time.monotonic() < deadline:
        try:
            if os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT):
                return True
        except ChildProcessError:
            return True
        time.sleep(pause)
        pause = min(pause * 2, 0.05)
    return False


def _reap(pid: int, started: float) -> tuple[int | None, Usage | None]:
    try:
        _, status, rusage = os.wait4(pid, 0)
    except ChildProcessError:  # reaped elsewhere (SIGCHLD ignored): status unknown
        return None, None
    usage = Usage(
        peak_rss_mb=rusage.ru_maxrss / 1024,
        cpu_seconds=rusage.ru_utime + rusage.ru_stime,
        wall_seconds=time.monotonic() - started,
    )
    return status, usage


def _reap_quietly(pid: int) -> None:
    with contextlib.suppress(ChildProcessError, ProcessLookupError):
        if os.waitpid(pid, os.WNOHANG) == (0, 0):
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)


def _outcome(result_fd: int, stderr_fd: int, status: int | None) -> Any:
    size = os.fstat(result_fd).st_size
    if size:
        with mmap.mmap(result_fd, size, prot=mmap.PROT_READ) as view:
            try:
                ok, value = pickle.loads(view)
            except Exception as error:  # noqa: BLE001 - a result we cannot read is a failure
                raise ChildError(f"its result could not be read ({error})") from None
        if ok:
            return value
        raise value
    stderr = os.pread(stderr_fd, STDERR_KEPT, 0)
    if status is None:
        raise ChildError("it left no result")
    if os.WIFEXITED(status):
        code = os.WEXITSTATUS(status)
        if code == EXIT_OUT_OF_MEMORY:
            raise OverMemory("out of memory")
        if code == EXIT_RESULT_TOO_LARGE:
            raise ResultTooLarge("its result is too large")
        raise ChildError(f"it exited with status {code}: {_first_line(stderr)}")
    number = os.WTERMSIG(status)
    if number == signal.SIGXCPU:
        raise OverTime("out of CPU time")
    if number == signal.SIGABRT and RUST_OUT_OF_MEMORY in stderr:
        raise OverMemory("out of memory")
    raise ChildError(f"it was stopped by {signal.Signals(number).name}: {_first_line(stderr)}")


def _first_line(stderr: bytes) -> str:
    lines = stderr.decode("utf-8", "replace").strip().splitlines()
    return lines[0][:200] if lines else "no message"
