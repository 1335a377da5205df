"""Signed links sent to buyers: confirm an interest (48 hours, once) and see its status.

Each link carries the interest's id and access key. The key changes when the
buyer withdraws, so the old links stop working; without the secret key nobody
can make a valid link.
"""

from __future__ import annotations

from django.core import signing

from matching.models import Interest

CONFIRM_SALT = "matching.interest.confirm"
STATUS_SALT = "matching.interest.status"
CONFIRM_MAX_AGE = 48 * 3600
REQUESTS_SALT = "matching.buyer.requests"
# "My requests": one link to all of an address's requests, sent to that address.
REQUESTS_MAX_AGE = 7 * 24 * 3600


class LinkError(Exception):
    """The link is expired, tampered with, or no longer valid; the message says which."""


def _token(interest: Interest, salt: str) -> str:
    return signing.dumps({"i": interest.pk, "k": interest.access_key}, salt=salt)


def confirmation_token(interest: Interest) -> str:
    return _token(interest, CONFIRM_SALT)


def status_token(interest: Interest) -> str:
    return _token(interest, STATUS_SALT)


def _interest(token: str, salt: str, max_age: int | None) -> Interest:
    try:
        data = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired:
        raise LinkError("expired") from None
    except signing.BadSignature:
        raise LinkError("invalid") from None
    interest = Interest.objects.select_related("buyer").filter(pk=data.get("i")).first()
    if interest is None or interest.access_key != data.get("k"):
        raise LinkError("invalid")
    return interest


def interest_to_confirm(token: str) -> Interest:
    return _interest(token, CONFIRM_SALT, CONFIRM_MAX_AGE)


def interest_for_status(token: str) -> Interest:
    return _interest(token, STATUS_SALT, None)


def requests_token(email: str) -> str:
    return signing.dumps({"e": email.strip().lower()}, salt=REQUESTS_SALT)


def email_for_requests(token: str) -> str:
    """The address whose requests a "my requests" link shows; raises LinkError."""
    try:
        data = signing.loads(token, salt=REQUESTS_SALT, max_age=REQUESTS_MAX_AGE)
    except signing.SignatureExpired:
        raise LinkError("expired") from None
    except signing.BadSignature:
        raise LinkError("invalid") from None
    if not isinstance(data, dict) or not isinstance(data.get("e"), str):
        raise LinkError("invalid")
    return data["e"]
