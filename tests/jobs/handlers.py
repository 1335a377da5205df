"""Job handlers for the queue's tests: the worker processes import them by their path."""

from pathlib import Path

from jobs.running import handler


@handler
def always_fails(job, progress):
    raise RuntimeError("the mail server said no")


@handler
def counts_runs(job, progress):
    """Appends a line to a file per run: a job run twice shows two."""
    with Path(job.params["tally"]).open("a") as tally:
        tally.write(f"{job.token}\n")
    progress("counting", 1, 1)
    return {"ran": True}
