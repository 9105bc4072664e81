"""SQLAlchemy 2 typed models of every entity of DESIGN.md §1 and §3.

Enumerated columns store the English codes of ``chainchief.domain.enums`` and are guarded by
CHECK constraints, so a bad value is refused by the database itself, whichever code wrote it.
User-edited rows carry a ``version`` counter (optimistic concurrency, DESIGN.md §2) and
created/updated timestamps, set by the application in Asia/Shanghai time: the databases' own
CURRENT_TIMESTAMP is UTC on SQLite and the session's zone on PostgreSQL, and one meaning on both
engines is what lets ``migrate-db`` copy moments unchanged.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    event,
    false,
    func,
    text,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship
from sqlalchemy.sql.compiler import DDLCompiler
from sqlalchemy.sql.ddl import CreateIndex

from chainchief.domain.clock import now
from chainchief.domain.enums import (
    ActionStatus,
    CultivationTier,
    ExtensionDecision,
    HolidayKind,
    Location,
    MeetingKind,
    MeetingStatus,
    ProjectStage,
    Role,
    Stage,
    Tier,
    UserRole,
)
from chainchief.domain.history import SnapshotReason
from chainchief.domain.supervision import Step

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

NAME = 200
WRITER_ID = 32
LONG_TEXT = 32767


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSON, list[str]: JSON}  # noqa: RUF012


PARTIAL_WHERE = "where"
"""The ``Index.info`` key of a partial index's condition (see ``partial_unique_index``)."""


def partial_unique_index(name: str, *columns: str, where: str) -> Index:
    """A unique index over the rows matching ``where``, on SQLite and on PostgreSQL.

    PostgreSQL gets the condition from ``_create_index_on_postgresql``, not from
    ``postgresql_where=``: that keyword makes SQLAlchemy import its whole PostgreSQL dialect
    when the models are mapped (~0.06 s of every process, on SQLite too). Migrations keep
    ``postgresql_where=``: they run seldom and load Alembic anyway.
    """
    return Index(name, *columns, unique=True, sqlite_where=text(where), info={PARTIAL_WHERE: where})


@compiles(CreateIndex, "postgresql")
def _create_index_on_postgresql(create: CreateIndex, compiler: DDLCompiler, **kw: Any) -> str:
    """PostgreSQL's CREATE INDEX with the condition of a ``partial_unique_index``, which
    PostgreSQL, like SQLite, writes last."""
    ddl: str = compiler.visit_create_index(create, **kw)  # type: ignore[no-untyped-call]
    where = create.element.info.get(PARTIAL_WHERE)
    return ddl if where is None else f"{ddl} WHERE {where}"


def enum_check(column: str, enum: type[StrEnum]) -> CheckConstraint:
    values = ", ".join(f"'{member.value}'" for member in enum)
    return CheckConstraint(f"{column} IN ({values})", name=f"{column}_valid")


class Versioned:
    """Rows people edit: a version counter for conflict detection and timestamps."""

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True),
        nullable=False,
        default=now,
        server_default=func.current_timestamp(),
    )
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True),
        nullable=False,
        default=now,
        server_default=func.current_timestamp(),
        onupdate=now,
    )
    updated_by: Mapped[str | None] = mapped_column(String(NAME))
    updated_session: Mapped[str | None] = mapped_column(String(WRITER_ID))
    """The edit session (one opened database: a window, a command) that wrote the row last;
    an edit on an older version conflicts only when another session wrote since."""

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]


class Department(Versioned, Base):
    __tablename__ = "departments"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME), unique=True)


class Person(Versioned, Base):
    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME), unique=True)
    title: Mapped[str | None] = mapped_column(String(NAME))
    department_id: Mapped[int | None] = mapped_column(
        ForeignKey("departments.id", ondelete="SET NULL")
    )
    phone: Mapped[str | None] = mapped_column(String(NAME))
    email: Mapped[str | None] = mapped_column(String(NAME))

    department: Mapped[Department | None] = relationship()
    unavailable: Mapped[list[UnavailableDay]] = relationship(
        cascade="all, delete-orphan", order_by="UnavailableDay.day"
    )


class UnavailableDay(Base):
    __tablename__ = "unavailable_days"

    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)


class Chain(Versioned, Base):
    __tablename__ = "chains"
    __table_args__ = (CheckConstraint("min_local_firms >= 1", name="min_local_firms_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME), unique=True)
    description: Mapped[str | None] = mapped_column(Text)
    min_local_firms: Mapped[int] = mapped_column(Integer, default=2)
    chief_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    team_lead_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    lead_department_id: Mapped[int | None] = mapped_column(
        ForeignKey("departments.id", ondelete="SET NULL")
    )

    chief: Mapped[Person | None] = relationship(foreign_keys=[chief_id])
    team_lead: Mapped[Person | None] = relationship(foreign_keys=[team_lead_id])
    lead_department: Mapped[Department | None] = relationship()
    segments: Mapped[list[Segment]] = relationship(
        back_populates="chain", cascade="all, delete-orphan", passive_deletes=True
    )


class ChainMember(Base):
    """A member of the chain's work team (工作专班成员)."""

    __tablename__ = "chain_members"

    chain_id: Mapped[int] = mapped_column(
        ForeignKey("chains.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)


class ChainSupportingDepartment(Base):
    __tablename__ = "chain_supporting_departments"

    chain_id: Mapped[int] = mapped_column(
        ForeignKey("chains.id", ondelete="CASCADE"), primary_key=True
    )
    department_id: Mapped[int] = mapped_column(
        ForeignKey("departments.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)


class Segment(Versioned, Base):
    __tablename__ = "segments"
    __table_args__ = (
        UniqueConstraint("chain_id", "name"),
        enum_check("tier", Tier),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    chain_id: Mapped[int] = mapped_column(ForeignKey("chains.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(NAME))
    tier: Mapped[str] = mapped_column(String(16))
    is_key: Mapped[bool] = mapped_column(default=False)
    description: Mapped[str | None] = mapped_column(Text)
    pin_x: Mapped[float | None] = mapped_column(Float)
    pin_y: Mapped[float | None] = mapped_column(Float)

    chain: Mapped[Chain] = relationship(back_populates="segments")


class Link(Base):
    __tablename__ = "links"
    __table_args__ = (
        UniqueConstraint("upstream_id", "downstream_id"),
        CheckConstraint("upstream_id <> downstream_id", name="no_self_loop"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    chain_id: Mapped[int] = mapped_column(ForeignKey("chains.id", ondelete="CASCADE"), index=True)
    upstream_id: Mapped[int] = mapped_column(ForeignKey("segments.id", ondelete="CASCADE"))
    downstream_id: Mapped[int] = mapped_column(
        ForeignKey("segments.id", ondelete="CASCADE"), index=True
    )


class Firm(Versioned, Base):
    __tablename__ = "firms"
    __table_args__ = (enum_check("location", Location),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME), index=True)
    uscc: Mapped[str | None] = mapped_column(String(18), unique=True)
    location: Mapped[str] = mapped_column(String(16), index=True)
    """Indexed: every map and analysis counts a segment's *local* firms, filtering on it."""
    park: Mapped[str | None] = mapped_column(String(NAME))
    tags: Mapped[list[str]] = mapped_column(default=list)
    revenue: Mapped[float | None] = mapped_column(Float)
    employees: Mapped[int | None] = mapped_column(Integer)
    contact: Mapped[str | None] = mapped_column(String(NAME))
    phone: Mapped[str | None] = mapped_column(String(NAME))


class Membership(Versioned, Base):
    """A firm serving one segment of a chain, in a role."""

    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("firm_id", "segment_id"), enum_check("role", Role))

    id: Mapped[int] = mapped_column(primary_key=True)
    firm_id: Mapped[int] = mapped_column(ForeignKey("firms.id", ondelete="CASCADE"))
    segment_id: Mapped[int] = mapped_column(
        ForeignKey("segments.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(16))
    product: Mapped[str | None] = mapped_column(Text)


class Target(Versioned, Base):
    """An outside firm we try to attract to a segment (目标企业库)."""

    __tablename__ = "targets"
    __table_args__ = (UniqueConstraint("segment_id", "firm_name"), enum_check("stage", Stage))

    id: Mapped[int] = mapped_column(primary_key=True)
    segment_id: Mapped[int] = mapped_column(
        ForeignKey("segments.id", ondelete="CASCADE"), index=True
    )
    firm_name: Mapped[str] = mapped_column(String(NAME))
    region: Mapped[str | None] = mapped_column(String(NAME))
    stage: Mapped[str] = mapped_column(String(16))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    investment: Mapped[float | None] = mapped_column(Float)
    next_step: Mapped[str | None] = mapped_column(Text)
    province: Mapped[str | None] = mapped_column(String(32))
    """Structured origin for the investment map; filled from ``region`` when left empty."""
    city: Mapped[str | None] = mapped_column(String(64))


class StageChange(Base):
    """One step of a target's pipeline history: who moved it, when, from which stage."""

    __tablename__ = "stage_changes"
    __table_args__ = (enum_check("to_stage", Stage),)

    id: Mapped[int] = mapped_column(primary_key=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("targets.id", ondelete="CASCADE"), index=True)
    from_stage: Mapped[str | None] = mapped_column(String(16))
    to_stage: Mapped[str] = mapped_column(String(16))
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    changed_by: Mapped[str | None] = mapped_column(String(NAME))


class Project(Versioned, Base):
    __tablename__ = "projects"
    __table_args__ = (UniqueConstraint("chain_id", "name"), enum_check("stage", ProjectStage))

    id: Mapped[int] = mapped_column(primary_key=True)
    chain_id: Mapped[int] = mapped_column(ForeignKey("chains.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(NAME))
    segment_id: Mapped[int | None] = mapped_column(ForeignKey("segments.id", ondelete="SET NULL"))
    investor: Mapped[str | None] = mapped_column(String(NAME))
    investment: Mapped[float | None] = mapped_column(Float)
    stage: Mapped[str] = mapped_column(String(16))
    signed_on: Mapped[dt.date | None] = mapped_column(Date)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    planned_start: Mapped[dt.date | None] = mapped_column(Date)
    actual_start: Mapped[dt.date | None] = mapped_column(Date)
    planned_production: Mapped[dt.date | None] = mapped_column(Date)
    actual_production: Mapped[dt.date | None] = mapped_column(Date)
    issue: Mapped[str | None] = mapped_column(Text)
    """需协调问题: what the chief must help settle for the project."""


class Indicator(Versioned, Base):
    __tablename__ = "indicators"
    __table_args__ = (UniqueConstraint("chain_id", "quarter", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    chain_id: Mapped[int] = mapped_column(ForeignKey("chains.id", ondelete="CASCADE"))
    quarter: Mapped[str] = mapped_column(String(8))
    name: Mapped[str] = mapped_column(String(NAME))
    target: Mapped[float | None] = mapped_column(Float)
    actual: Mapped[float | None] = mapped_column(Float)


class Meeting(Versioned, Base):
    """A dispatch or team-leads meeting, identified by (kind, chain, quarter)."""

    __tablename__ = "meetings"
    __table_args__ = (
        enum_check("kind", MeetingKind),
        enum_check("status", MeetingStatus),
        partial_unique_index(
            "uq_meetings_dispatch", "kind", "chain_id", "quarter", where="chain_id IS NOT NULL"
        ),
        partial_unique_index("uq_meetings_team_leads", "kind", "quarter", where="chain_id IS NULL"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    chain_id: Mapped[int | None] = mapped_column(ForeignKey("chains.id", ondelete="CASCADE"))
    quarter: Mapped[str] = mapped_column(String(8))
    date: Mapped[dt.date | None] = mapped_column(Date)
    start: Mapped[str | None] = mapped_column(String(5))
    end: Mapped[str | None] = mapped_column(String(5))
    place: Mapped[str | None] = mapped_column(String(NAME))
    status: Mapped[str] = mapped_column(String(16), default=MeetingStatus.PLANNED.value)
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    chair_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    minutes: Mapped[str | None] = mapped_column(Text)


class MeetingAttendee(Base):
    __tablename__ = "meeting_attendees"

    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )


class AgendaEntry(Base):
    """One agenda item of a meeting, editable before the meeting is held."""

    __tablename__ = "agenda_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    section: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(Text)
    body: Mapped[str | None] = mapped_column(Text)


class ActionItem(Versioned, Base):
    """A 督办事项: a resolution with owner department, owner, deadline and status."""

    __tablename__ = "action_items"
    __table_args__ = (UniqueConstraint("chain_id", "item"), enum_check("status", ActionStatus))

    id: Mapped[int] = mapped_column(primary_key=True)
    chain_id: Mapped[int] = mapped_column(ForeignKey("chains.id", ondelete="CASCADE"))
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id", ondelete="SET NULL"))
    item: Mapped[str] = mapped_column(Text)
    department_id: Mapped[int | None] = mapped_column(
        ForeignKey("departments.id", ondelete="SET NULL")
    )
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    due: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default=ActionStatus.ASSIGNED.value)
    completion_note: Mapped[str | None] = mapped_column(Text)
    common_issue: Mapped[bool] = mapped_column(default=False)
    closed_on: Mapped[dt.date | None] = mapped_column(Date)
    original_due: Mapped[dt.date | None] = mapped_column(Date)
    """The deadline first set, kept once an extension moves ``due``; None while never extended."""
    needs_chief: Mapped[bool] = mapped_column(default=False, server_default=false())
    """需链长协调: the item goes before the chain chief at the next meeting."""


class FirmFigure(Versioned, Base):
    """One firm's figures for one quarter alone (not year-to-date), in 万元 and heads."""

    __tablename__ = "firm_figures"
    __table_args__ = (UniqueConstraint("firm_id", "quarter"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    firm_id: Mapped[int] = mapped_column(ForeignKey("firms.id", ondelete="CASCADE"))
    quarter: Mapped[str] = mapped_column(String(8))
    revenue: Mapped[float | None] = mapped_column(Float)
    tax: Mapped[float | None] = mapped_column(Float)
    fixed_investment: Mapped[float | None] = mapped_column(Float)
    employees: Mapped[int | None] = mapped_column(Integer)


class CultivatedFirm(Versioned, Base):
    """A firm of the zone-wide leading-firm cultivation library (龙头企业培育库)."""

    __tablename__ = "cultivated_firms"
    __table_args__ = (enum_check("tier", CultivationTier),)

    id: Mapped[int] = mapped_column(primary_key=True)
    firm_id: Mapped[int] = mapped_column(ForeignKey("firms.id", ondelete="CASCADE"), unique=True)
    tier: Mapped[str] = mapped_column(String(16))
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    since: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)


class Visit(Versioned, Base):
    """A service visit to a firm; its demand may have become an action item (转督办)."""

    __tablename__ = "visits"

    id: Mapped[int] = mapped_column(primary_key=True)
    firm_id: Mapped[int] = mapped_column(ForeignKey("firms.id", ondelete="CASCADE"), index=True)
    day: Mapped[dt.date] = mapped_column(Date)
    content: Mapped[str | None] = mapped_column(Text)
    demand: Mapped[str | None] = mapped_column(Text)
    escalate: Mapped[bool] = mapped_column(default=False)
    action_id: Mapped[int | None] = mapped_column(
        ForeignKey("action_items.id", ondelete="SET NULL")
    )


class VisitVisitor(Base):
    """Who went on a visit, in the order written; the first is part of the visit's key."""

    __tablename__ = "visit_visitors"

    visit_id: Mapped[int] = mapped_column(
        ForeignKey("visits.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)


class ProgressNote(Base):
    __tablename__ = "progress_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(
        ForeignKey("action_items.id", ondelete="CASCADE"), index=True
    )
    day: Mapped[dt.date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(String(NAME))
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=now, server_default=func.current_timestamp()
    )


class ActionStep(Base):
    """One step of an item's supervision loop (签收, 申请办结, 复核, 退回, 取消…) and its text."""

    __tablename__ = "action_steps"
    __table_args__ = (enum_check("step", Step),)

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(
        ForeignKey("action_items.id", ondelete="CASCADE"), index=True
    )
    step: Mapped[str] = mapped_column(String(24))
    day: Mapped[dt.date] = mapped_column(Date)
    actor: Mapped[str | None] = mapped_column(String(NAME))
    from_status: Mapped[str] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    text: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=now, server_default=func.current_timestamp()
    )


class ActionExtension(Base):
    """A request to move an item's deadline, and the lead's or admin's decision on it."""

    __tablename__ = "action_extensions"
    __table_args__ = (enum_check("decision", ExtensionDecision),)

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(
        ForeignKey("action_items.id", ondelete="CASCADE"), index=True
    )
    requested_on: Mapped[dt.date] = mapped_column(Date)
    requested_by: Mapped[str | None] = mapped_column(String(NAME))
    old_due: Mapped[dt.date | None] = mapped_column(Date)
    new_due: Mapped[dt.date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    decision: Mapped[str] = mapped_column(String(16), default=ExtensionDecision.PENDING.value)
    decided_on: Mapped[dt.date | None] = mapped_column(Date)
    decided_by: Mapped[str | None] = mapped_column(String(NAME))
    decision_note: Mapped[str | None] = mapped_column(Text)


class IssuedDocument(Base):
    """The register of official documents issued (发文登记): numbers count up per year."""

    __tablename__ = "issued_documents"
    __table_args__ = (UniqueConstraint("year", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(Text)
    issued_on: Mapped[dt.date] = mapped_column(Date)
    issued_by: Mapped[str | None] = mapped_column(String(NAME))


class FeedbackKey(Base):
    """The database's identity and the secret that signs its departments' fill-in packs.

    One row, made by the first ``collect``; the secret never leaves the database, so a pack
    whose signature checks was written here and not altered since."""

    __tablename__ = "feedback_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    database_id: Mapped[str] = mapped_column(String(36))
    secret: Mapped[str] = mapped_column(String(64))


class FeedbackPack(Base):
    """A department fill-in pack (督办反馈表) written by ``collect``."""

    __tablename__ = "feedback_packs"

    pack_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    department: Mapped[str] = mapped_column(String(NAME))
    quarter: Mapped[str] = mapped_column(String(8))
    written_on: Mapped[dt.date] = mapped_column(Date)
    written_by: Mapped[str | None] = mapped_column(String(NAME))


class FeedbackMerge(Base):
    """A returned pack merged, by the checksum of the file: the same file twice is one merge."""

    __tablename__ = "feedback_merges"

    id: Mapped[int] = mapped_column(primary_key=True)
    checksum: Mapped[str] = mapped_column(String(64), unique=True)
    pack_id: Mapped[str] = mapped_column(String(36))
    file_name: Mapped[str] = mapped_column(Text)
    merged_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)
    merged_by: Mapped[str | None] = mapped_column(String(NAME))


class HolidayOverride(Base):
    """A user-entered working-day override (节假日): wins over every calendar library."""

    __tablename__ = "holidays"
    __table_args__ = (enum_check("kind", HolidayKind),)

    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))
    note: Mapped[str | None] = mapped_column(Text)


class Setting(Base):
    """A shared setting (DESIGN.md §1), seen alike by the CLI and every user."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class User(Versioned, Base):
    __tablename__ = "users"
    __table_args__ = (enum_check("role", UserRole),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(512))


class UserChain(Base):
    __tablename__ = "user_chains"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    chain_id: Mapped[int] = mapped_column(
        ForeignKey("chains.id", ondelete="CASCADE"), primary_key=True
    )


class AuditEntry(Base):
    """Who changed what, when and how; written by services (by the server's triggers on a
    secured PostgreSQL server), never edited by the app."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    user: Mapped[str] = mapped_column(String(NAME))
    action: Mapped[str] = mapped_column(String(32))
    entity: Mapped[str] = mapped_column(String(64))
    key: Mapped[str] = mapped_column(Text)
    changes: Mapped[dict[str, Any]] = mapped_column(default=dict)
    role: Mapped[str | None] = mapped_column(String(NAME))
    """The server login role that made the change (secured PostgreSQL servers); else None."""


class ChainSnapshot(Base):
    """A chain as it stood when the snapshot was taken (``domain.history``); never edited.

    ``document`` is the compact JSON of ``domain.history.encode``; ``taken_at`` orders the
    snapshots of one day; ``quarter`` is the quarter a closing snapshot closes, a meeting's
    snapshot the meeting's quarter, else the one it was taken in.
    """

    __tablename__ = "chain_snapshots"
    __table_args__ = (enum_check("reason", SnapshotReason),)

    id: Mapped[int] = mapped_column(primary_key=True)
    chain_id: Mapped[int] = mapped_column(ForeignKey("chains.id", ondelete="CASCADE"), index=True)
    taken_on: Mapped[dt.date] = mapped_column(Date)
    taken_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)
    reason: Mapped[str] = mapped_column(String(16))
    quarter: Mapped[str] = mapped_column(String(8))
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id", ondelete="SET NULL"))
    document: Mapped[str] = mapped_column(Text)


@event.listens_for(ChainSnapshot, "before_update")
def _snapshots_are_never_edited(_mapper: object, _connection: object, _target: object) -> None:
    raise TypeError("a chain snapshot is never edited")


def table_of(model: type[Base]) -> Table:
    """A mapped class's table; ``__table__`` is typed as the wider FromClause, which has no
    ``insert`` and no columns by name for the type checker."""
    table = model.__table__
    assert isinstance(table, Table)
    return table
