"""Import and export of hub master data and usage, one municipality at a time.

Column names are the Japanese headers officers use; every resource is scoped to the municipality
it was built for, so a row can neither read nor touch another municipality's data.
"""

from .base import MunicipalityResource
from .people import AssignmentResource, ExperienceResource, StaffResource, TrainingRecordResource
from .places import ClosureResource, HubResource, ScheduleResource, ServiceResource
from .usage import DailyUsageResource

__all__ = [
    "IMPORT_KINDS",
    "AssignmentResource",
    "ClosureResource",
    "DailyUsageResource",
    "ExperienceResource",
    "HubResource",
    "MunicipalityResource",
    "ScheduleResource",
    "ServiceResource",
    "StaffResource",
    "TrainingRecordResource",
]

IMPORT_KINDS = {
    "hubs": HubResource,
    "services": ServiceResource,
    "closures": ClosureResource,
    "schedules": ScheduleResource,
    "staff": StaffResource,
    "assignments": AssignmentResource,
    "experience": ExperienceResource,
    "training": TrainingRecordResource,
    "usage": DailyUsageResource,
}
