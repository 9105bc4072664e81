"""The enumerated codes of DESIGN.md §3.

Each enum value is the English code used in JSON and the database; ``file_value`` is the Chinese
word of the import workbook (a file contract, so it is fixed here and never translated), and
``label`` is the translated word shown in the user's language.
"""

from __future__ import annotations

from enum import StrEnum

from chainchief.i18n import N_, _


class CodedEnum(StrEnum):
    """A code with a fixed Chinese file value and a translatable label."""

    @property
    def file_value(self) -> str:
        return _FILE_VALUES[self]

    @property
    def label(self) -> str:
        return _(_LABELS[self])

    @classmethod
    def parse(cls, text: str) -> CodedEnum | None:
        """The member whose code or Chinese file value is ``text`` (trimmed), else None."""
        value = text.strip()
        for member in cls:
            if value == member.file_value or value.lower() == member.value:
                return member
        return None

    @classmethod
    def choices(cls) -> list[str]:
        """Chinese file values in declaration order, for drop-downs and error messages."""
        return [member.file_value for member in cls]


class Tier(CodedEnum):
    UPSTREAM = "upstream"
    MIDSTREAM = "midstream"
    DOWNSTREAM = "downstream"

    @property
    def rank(self) -> int:
        return list(Tier).index(self)


class Location(CodedEnum):
    IN_ZONE = "in_zone"
    IN_CITY = "in_city"
    OUTSIDE = "outside"


class Role(CodedEnum):
    LEADING = "leading"
    CORE = "core"
    SUPPORTING = "supporting"


class Stage(CodedEnum):
    """Target-firm pipeline stage, in pipeline order."""

    RESERVE = "reserve"
    CONTACT = "contact"
    NEGOTIATING = "negotiating"
    SIGNED = "signed"
    LANDED = "landed"
    DROPPED = "dropped"


class ProjectStage(CodedEnum):
    SIGNED = "signed"
    BUILDING = "building"
    PRODUCING = "producing"
    AT_CAPACITY = "at_capacity"


class ActionStatus(CodedEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CANCELLED = "cancelled"

    @property
    def is_closed(self) -> bool:
        return self in (ActionStatus.DONE, ActionStatus.CANCELLED)


class HolidayKind(CodedEnum):
    OFF = "off"
    WORK = "work"


class YesNo(CodedEnum):
    YES = "yes"
    NO = "no"


class UserRole(CodedEnum):
    ADMIN = "admin"
    LEAD = "lead"
    MEMBER = "member"
    VIEWER = "viewer"


class MeetingKind(CodedEnum):
    DISPATCH = "dispatch"
    TEAM_LEADS = "team_leads"


class MeetingStatus(CodedEnum):
    PLANNED = "planned"
    HELD = "held"


class SegmentStatus(CodedEnum):
    MISSING = "missing"
    WEAK = "weak"
    STRONG = "strong"


_FILE_VALUES: dict[CodedEnum, str] = {
    Tier.UPSTREAM: "上游",
    Tier.MIDSTREAM: "中游",
    Tier.DOWNSTREAM: "下游",
    Location.IN_ZONE: "区内",
    Location.IN_CITY: "市内",
    Location.OUTSIDE: "区外",
    Role.LEADING: "链主",
    Role.CORE: "骨干",
    Role.SUPPORTING: "配套",
    Stage.RESERVE: "储备",
    Stage.CONTACT: "接洽",
    Stage.NEGOTIATING: "洽谈",
    Stage.SIGNED: "签约",
    Stage.LANDED: "落地",
    Stage.DROPPED: "终止",
    ProjectStage.SIGNED: "签约",
    ProjectStage.BUILDING: "开工",
    ProjectStage.PRODUCING: "投产",
    ProjectStage.AT_CAPACITY: "达产",
    ActionStatus.OPEN: "未开始",
    ActionStatus.IN_PROGRESS: "推进中",
    ActionStatus.DONE: "已完成",
    ActionStatus.CANCELLED: "已取消",
    HolidayKind.OFF: "休",
    HolidayKind.WORK: "班",
    YesNo.YES: "是",
    YesNo.NO: "否",
    UserRole.ADMIN: "管理员",
    UserRole.LEAD: "链长/专班负责人",
    UserRole.MEMBER: "专班成员",
    UserRole.VIEWER: "只读",
    MeetingKind.DISPATCH: "链长调度会",
    MeetingKind.TEAM_LEADS: "专班负责人会议",
    MeetingStatus.PLANNED: "计划",
    MeetingStatus.HELD: "已召开",
    SegmentStatus.MISSING: "缺链",
    SegmentStatus.WEAK: "弱链",
    SegmentStatus.STRONG: "强链",
}

_LABELS: dict[CodedEnum, str] = {
    Tier.UPSTREAM: N_("Upstream"),
    Tier.MIDSTREAM: N_("Midstream"),
    Tier.DOWNSTREAM: N_("Downstream"),
    Location.IN_ZONE: N_("In zone"),
    Location.IN_CITY: N_("In city"),
    Location.OUTSIDE: N_("Outside"),
    Role.LEADING: N_("Leading"),
    Role.CORE: N_("Core"),
    Role.SUPPORTING: N_("Supporting"),
    Stage.RESERVE: N_("Reserve"),
    Stage.CONTACT: N_("Contact"),
    Stage.NEGOTIATING: N_("Negotiating"),
    Stage.SIGNED: N_("Signed"),
    Stage.LANDED: N_("Landed"),
    Stage.DROPPED: N_("Dropped"),
    ProjectStage.SIGNED: N_("Signed"),
    ProjectStage.BUILDING: N_("Building"),
    ProjectStage.PRODUCING: N_("Producing"),
    ProjectStage.AT_CAPACITY: N_("At capacity"),
    ActionStatus.OPEN: N_("Not started"),
    ActionStatus.IN_PROGRESS: N_("In progress"),
    ActionStatus.DONE: N_("Done"),
    ActionStatus.CANCELLED: N_("Cancelled"),
    HolidayKind.OFF: N_("Day off"),
    HolidayKind.WORK: N_("Working day"),
    YesNo.YES: N_("Yes"),
    YesNo.NO: N_("No"),
    UserRole.ADMIN: N_("Administrator"),
    UserRole.LEAD: N_("Chief / team lead"),
    UserRole.MEMBER: N_("Team member"),
    UserRole.VIEWER: N_("Viewer"),
    MeetingKind.DISPATCH: N_("Dispatch meeting"),
    MeetingKind.TEAM_LEADS: N_("Team-leads meeting"),
    MeetingStatus.PLANNED: N_("Planned"),
    MeetingStatus.HELD: N_("Held"),
    SegmentStatus.MISSING: N_("Missing"),
    SegmentStatus.WEAK: N_("Weak"),
    SegmentStatus.STRONG: N_("Strong"),
}
