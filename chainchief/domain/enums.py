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
        """The member whose code, Chinese file value or older spelling is ``text``, else None."""
        value = text.strip()
        spellings = cls.spellings()
        return spellings.get(value) or spellings.get(value.lower())

    @classmethod
    def spellings(cls) -> dict[str, CodedEnum]:
        """Every accepted spelling: codes, file values and the words older workbooks used."""
        found: dict[str, CodedEnum] = {
            word: member for word, member in _LEGACY_SPELLINGS.items() if type(member) is cls
        }
        for member in cls:
            found[member.file_value] = member
            found[member.value] = member
        return found

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


class ActionStatus(CodedEnum):
    """Where an action item stands in the supervision loop (督办闭环, DESIGN.md §6)."""

    ASSIGNED = "assigned"
    ACKNOWLEDGED = "acknowledged"
    IN_PROGRESS = "in_progress"
    REPORTED = "reported"
    DONE = "done"
    CANCELLED = "cancelled"

    @property
    def is_closed(self) -> bool:
        return self in (ActionStatus.DONE, ActionStatus.CANCELLED)


class ExtensionDecision(CodedEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REFUSED = "refused"


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


class CultivationTier(CodedEnum):
    """A firm's echelon in the leading-firm cultivation library (龙头企业培育库).

    Codes differ from every other enum's: members are dict keys of the file values below, and
    equal strings would collide (``Stage.RESERVE`` is ``reserve``)."""

    CHAIN_LEADER = "chain_leader"
    KEY = "key_firm"
    RESERVE = "reserve_firm"


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
    ActionStatus.ASSIGNED: "已交办",
    ActionStatus.ACKNOWLEDGED: "已签收",
    ActionStatus.IN_PROGRESS: "办理中",
    ActionStatus.REPORTED: "申请办结",
    ActionStatus.DONE: "已办结",
    ActionStatus.CANCELLED: "已取消",
    ExtensionDecision.PENDING: "待审批",
    ExtensionDecision.APPROVED: "已批准",
    ExtensionDecision.REFUSED: "已驳回",
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
    CultivationTier.CHAIN_LEADER: "链主",
    CultivationTier.KEY: "重点培育",
    CultivationTier.RESERVE: "后备",
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
    ActionStatus.ASSIGNED: N_("Assigned"),
    ActionStatus.ACKNOWLEDGED: N_("Acknowledged"),
    ActionStatus.IN_PROGRESS: N_("Being handled"),
    ActionStatus.REPORTED: N_("Completion reported"),
    ActionStatus.DONE: N_("Completed"),
    ActionStatus.CANCELLED: N_("Cancelled"),
    ExtensionDecision.PENDING: N_("Pending"),
    ExtensionDecision.APPROVED: N_("Approved"),
    ExtensionDecision.REFUSED: N_("Refused"),
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
    CultivationTier.CHAIN_LEADER: N_("Chain leader"),
    CultivationTier.KEY: N_("Key cultivation"),
    CultivationTier.RESERVE: N_("Reserve echelon"),
    SegmentStatus.MISSING: N_("Missing"),
    SegmentStatus.WEAK: N_("Weak"),
    SegmentStatus.STRONG: N_("Strong"),
}

_LEGACY_SPELLINGS: dict[str, CodedEnum] = {
    "未开始": ActionStatus.ASSIGNED,
    "open": ActionStatus.ASSIGNED,
    "推进中": ActionStatus.IN_PROGRESS,
    "已完成": ActionStatus.DONE,
}
"""The four statuses of the first action-item workbooks (DESIGN.md §6), still accepted."""
