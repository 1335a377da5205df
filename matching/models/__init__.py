from matching.models.buyers import Buyer, Interest, InterestLine, StatusChange
from matching.models.matches import Match

__all__ = ["Buyer", "Interest", "InterestLine", "Match", "StatusChange"]
