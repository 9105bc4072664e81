"""The supervision steps as the pages offer them: which to show for a row, and the service call.

The services decide (rules, roles); this only keeps buttons for steps the loop cannot take
disabled and routes a step chosen in a dialog to its service function.
"""

from __future__ import annotations

import datetime as dt

from chainchief.domain.supervision import Step, allowed_steps
from chainchief.services.actions import supervision
from chainchief.services.actions.items import ActionRow
from chainchief.services.workspace import Workspace

DECISIONS = (Step.APPROVE_EXTENSION, Step.REFUSE_EXTENSION)


def offered_steps(row: ActionRow) -> list[Step]:
    """The steps the loop allows on the row; extension decisions only while one is pending."""
    steps = []
    for step in allowed_steps(row.status):
        if step in DECISIONS and not row.extension_pending:
            continue
        if step is Step.REQUEST_EXTENSION and (row.extension_pending or row.due is None):
            continue
        steps.append(step)
    return steps


def take_step(
    db: Workspace, actor: str, row: ActionRow, step: Step, text: str, new_due: dt.date | None
) -> None:
    """Call the step's service on the row as read (a stale row is a conflict)."""
    version = row.version
    if step is Step.ACKNOWLEDGE:
        supervision.acknowledge(db, row.id, actor=actor, expected_version=version)
    elif step is Step.REPORT_PROGRESS:
        supervision.report_progress(db, row.id, text, actor=actor, expected_version=version)
    elif step is Step.REQUEST_COMPLETION:
        supervision.request_completion(db, row.id, text, actor=actor, expected_version=version)
    elif step is Step.VERIFY:
        supervision.verify(db, row.id, actor=actor, note=text, expected_version=version)
    elif step is Step.RETURN:
        supervision.return_item(db, row.id, text, actor=actor, expected_version=version)
    elif step is Step.REQUEST_EXTENSION:
        assert new_due is not None
        supervision.request_extension(
            db, row.id, new_due, text, actor=actor, expected_version=version
        )
    elif step in DECISIONS:
        supervision.decide_extension(
            db,
            row.id,
            step is Step.APPROVE_EXTENSION,
            actor=actor,
            note=text,
            expected_version=version,
        )
    else:
        supervision.cancel(db, row.id, text, actor=actor, expected_version=version)
