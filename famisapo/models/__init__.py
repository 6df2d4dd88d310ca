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
    "SAFETY_KINDS",
    "Availability",
    "Centre",
    "CentreRules",
    "Curriculum",
    "FeeScheduleRow",
    "HelperProfile",
    "Member",
    "MemberKind",
    "MemberStatus",
    "StatusChange",
    "Subject",
    "SubjectKind",
    "TrainingRecord",
]
