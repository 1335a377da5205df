from matching.models.buyers import Buyer
from matching.models.interests import MAX_QUANTITY, Interest, InterestLine, StatusChange
from matching.models.introductions import Introduction
from matching.models.matches import Match

__all__ = [
    "MAX_QUANTITY", "Buyer", "Interest", "InterestLine", "Introduction", "Match", "StatusChange",
]  # fmt: skip
