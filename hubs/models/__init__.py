from .hubs import Hub, HubService, Operator
from .places import Municipality, Prefecture, Ward
from .schedules import ClosurePeriod, ExtraOpeningDay, OpeningHours, OpeningSchedule
from .staff import (
    Assignment,
    Qualification,
    StaffMember,
    TrainingCourse,
    TrainingRecord,
    WorkExperience,
)
from .usage import DailyUsage, Event, OutreachSession, OutreachSite, TemporaryCareDay

__all__ = [
    "Assignment",
    "ClosurePeriod",
    "DailyUsage",
    "Event",
    "ExtraOpeningDay",
    "Hub",
    "HubService",
    "Municipality",
    "OpeningHours",
    "OpeningSchedule",
    "Operator",
    "OutreachSession",
    "OutreachSite",
    "Prefecture",
    "Qualification",
    "StaffMember",
    "TemporaryCareDay",
    "TrainingCourse",
    "TrainingRecord",
    "Ward",
    "WorkExperience",
]
