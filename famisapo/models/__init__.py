from .activities import (
    KIND_CHOICES,
    Activity,
    MemberChild,
    MonthClose,
    PreMeeting,
    Request,
    RequestEvent,
)
from .centres import AT_CENTRE, Centre, CentreRules, FeeScheduleRow
from .members import (
    AT_MEMBER,
    Availability,
    HelperProfile,
    Member,
    MemberKind,
    MemberStatus,
    StatusChange,
)
from .training import SAFETY_KINDS, Curriculum, Subject, SubjectKind, TrainingRecord

__all__ = [
    "AT_CENTRE",
    "AT_MEMBER",
    "KIND_CHOICES",
    "SAFETY_KINDS",
    "Activity",
    "Availability",
    "Centre",
    "CentreRules",
    "Curriculum",
    "FeeScheduleRow",
    "HelperProfile",
    "Member",
    "MemberChild",
    "MemberKind",
    "MemberStatus",
    "MonthClose",
    "PreMeeting",
    "Request",
    "RequestEvent",
    "StatusChange",
    "Subject",
    "SubjectKind",
    "TrainingRecord",
]
