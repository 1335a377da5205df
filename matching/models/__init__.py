from matching.models.buyers import Buyer
from matching.models.interests import Interest, InterestLine, StatusChange
from matching.models.matches import Match

__all__ = ["Buyer", "Interest", "InterestLine", "Match", "StatusChange"]
