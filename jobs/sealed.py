"""Python objects handed from a request to a worker (a report's query, a preview's report),
signed with SECRET_KEY: a worker unpickles only what this app sealed, never what someone
wrote into the database or the files storage."""

from __future__ import annotations

import base64
import pickle

from django.core import signing

_SIGNER = signing.Signer(salt="jobs.sealed")


def seal(value: object) -> str:
    return _SIGNER.sign(base64.b64encode(pickle.dumps(value)).decode("ascii"))


def unseal(sealed: str) -> object:
    """Raises signing.BadSignature for anything this app did not seal."""
    return pickle.loads(base64.b64decode(_SIGNER.unsign(sealed)))  # noqa: S301 - signed above
