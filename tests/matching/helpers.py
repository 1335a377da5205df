"""Build register-interest form posts."""

from __future__ import annotations

import re
import time
from datetime import date, timedelta

from django.utils import timezone

from matching.forms import started_token

BUYER = {
    "company_name": "Lagos Flour Mills Ltd",
    "cac_number": "RC 1234567",
    "state": "LA",
    "city": "Apapa",
    "contact_name": "Ada Obi",
    "email": "ada@lagosmills.ng",
    "phone": "0803 123 4567",
}


def interest_post(*lines: dict, **buyer) -> dict:
    data = {"consent": "on", **BUYER, **buyer, "website": "",
            "started": started_token(time.time() - 30)}  # fmt: skip
    data.update({"lines-TOTAL_FORMS": len(lines), "lines-INITIAL_FORMS": 0,
                 "lines-MIN_NUM_FORMS": 1, "lines-MAX_NUM_FORMS": 10})  # fmt: skip
    for i, line in enumerate(lines):
        for name, value in line.items():
            data[f"lines-{i}-{name}"] = value
    return data


def line(**fields) -> dict:
    """A product line of the form, refined sunflower oil unless told otherwise."""
    defaults = {"product": "refined sunflower oil", "quantity": "500", "unit": "t",
                "frequency": "monthly", "incoterm": "CIF", "port": "apapa"}  # fmt: skip
    return {**defaults, **fields}


def link_in(message, kind: str) -> str:
    """The path of the confirm or status link in an e-mail, with the language prefix of the
    buyer's pages (/ru/, /kk/) where it has one."""
    link = rf"http://testserver((?:/ru|/kk)?/interest/{kind}/[^\s]+/)"
    return re.search(link, message.body).group(1)


def confirm_post(client, path: str):
    """Confirm as the buyer does: open the page the e-mail links to, press its button."""
    page = client.get(path)
    shown = re.search(r'name="shown" value="([0-9a-f]+)"', page.content.decode())
    return client.post(path, {"shown": shown.group(1)} if shown else {})


def ahead(days: int) -> date:
    """A delivery date the form accepts whenever the tests run: this many days from today."""
    return timezone.localdate() + timedelta(days=days)
