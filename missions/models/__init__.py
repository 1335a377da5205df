from missions.models.meetings import Meeting, MeetingRequest
from missions.models.missions import Break, Mission, Session
from missions.models.participants import Participant

__all__ = ["Break", "Meeting", "MeetingRequest", "Mission", "Participant", "Session"]
