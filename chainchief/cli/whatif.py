"""``chainchief whatif``: what the chain loses if firms leave, or gains if targets land."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from chainchief.cli.context import CliContext
from chainchief.domain.errors import RuleViolation
from chainchief.i18n import _

if TYPE_CHECKING:
    from chainchief.domain.scenario import ScenarioResult

REMOVE_FIRM, LAND_TARGET = "remove_firm", "land_target"


class StepAction(argparse.Action):
    """Keeps --remove-firm and --land-target in one list, in the order they were given."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        steps = list(getattr(namespace, self.dest, None) or [])
        steps.append((self.const, str(values)))
        setattr(namespace, self.dest, steps)


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "whatif",
        parents=[common],
        help=_("what-if: the gaps if firms leave the zone or targets land (nothing is saved)"),
    )
    parser.add_argument("--chain", required=True, metavar="NAME", help=_("the chain"))
    parser.add_argument(
        "--remove-firm",
        dest="steps",
        action=StepAction,
        const=REMOVE_FIRM,
        metavar="NAME",
        help=_("a firm leaves the zone (repeatable)"),
    )
    parser.add_argument(
        "--land-target",
        dest="steps",
        action=StepAction,
        const=LAND_TARGET,
        metavar="NAME[@SEGMENT]",
        help=_("a target lands as a local supporting firm (repeatable)"),
    )
    parser.add_argument("--json", action="store_true", help=_("print JSON"))
    parser.set_defaults(handler=run_whatif, steps=None)


def run_whatif(args: argparse.Namespace, ctx: CliContext) -> int:
    from chainchief.domain.scenario import scenario_to_json
    from chainchief.services.foresight import StepKind, StepRequest, whatif

    if not args.steps:
        raise RuleViolation(_("Name at least one --remove-firm or --land-target."))
    requests = [StepRequest(StepKind(kind), name) for kind, name in args.steps]
    result = whatif(ctx.db, args.chain, requests)
    if args.json:
        ctx.print_json(scenario_to_json(result))
        return 0
    for line in scenario_lines(result):
        ctx.print(line)
    return 0


def scenario_lines(result: ScenarioResult) -> list[str]:
    """The scenario as a few readable lines in the user's language."""
    from chainchief.domain.scenario import RemoveFirm

    steps = "；".join(
        _("{firm} leaves").format(firm=step.firm)
        if isinstance(step, RemoveFirm)
        else _("{firm} lands").format(firm=step.firm)
        for step in result.steps
    )
    lines = [
        _("{chain}: {steps}").format(chain=result.chain, steps=steps),
        _("Completeness {before}% → {after}%").format(
            before=result.before.completeness, after=result.completeness_after
        ),
    ]
    for change in result.segments:
        lines.append(
            _("Segment {segment}: {before} → {after}").format(
                segment=change.name, before=change.before.label, after=change.after.label
            )
        )
    for title, points in (
        (_("New breakpoints: {links}"), result.breakpoints_added),
        (_("Closed breakpoints: {links}"), result.breakpoints_removed),
    ):
        if points:
            lines.append(
                title.format(links="；".join(f"{bp.upstream} → {bp.downstream}" for bp in points))
            )
    for title, segments in (
        (_("New chokepoints: {segments}"), result.chokepoints_added),
        (_("Chokepoints cleared: {segments}"), result.chokepoints_removed),
    ):
        if segments:
            lines.append(title.format(segments="、".join(s.name for s in segments)))
    if any(isinstance(step, RemoveFirm) for step in result.steps):
        lines.append(
            _("Revenue at risk: not known (a firm has no revenue recorded)")
            if result.revenue_at_risk is None
            else _("Revenue at risk: {revenue:,.1f} (10k yuan)").format(
                revenue=result.revenue_at_risk
            )
        )
    return lines
