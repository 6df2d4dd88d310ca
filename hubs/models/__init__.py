from .hubs import Hub, HubService
from .rollups import MonthlyUsage
from .schedules import ClosurePeriod, ExtraOpeningDay, OpeningHours, OpeningSchedule
from .staff import (
    Assignment,
    Qualification,
    StaffMember,
    TrainingCourse,
    TrainingExemption,
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
    "MonthlyUsage",
    "OpeningHours",
    "OpeningSchedule",
    "OutreachSession",
    "OutreachSite",
    "Qualification",
    "StaffMember",
    "TemporaryCareDay",
    "TrainingCourse",
    "TrainingExemption",
    "TrainingRecord",
    "WorkExperience",
]
