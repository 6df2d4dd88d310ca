"""Import and export of a centre's years of Excel: members, their children, training records and
activity reports. Same rules as every import (`common.importing`): the Japanese headers the
export writes, all rows or none, an unchanged row skipped, so re-importing an export changes
nothing. Every row written and every row exported is a read or write of a member's record and is
audited like one.

What an import does not do that the screens do: it does not ask for the 事前打合せ of past years
(those are on paper); it still refuses a closed month, a member who was not active on the day, a
date in the future, and a fee that the centre's schedule on that day does not give.
"""

from .activities import ActivityResource
from .areas import AreaPointResource
from .base import CentreResource
from .members import ChildResource, MemberResource, TrainingResource

__all__ = [
    "IMPORT_KINDS",
    "ActivityResource",
    "AreaPointResource",
    "CentreResource",
    "ChildResource",
    "MemberResource",
    "TrainingResource",
]

IMPORT_KINDS = {
    "members": MemberResource,
    "children": ChildResource,
    "training": TrainingResource,
    "activities": ActivityResource,
    "areas": AreaPointResource,
}
