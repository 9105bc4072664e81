"""Change sets: what a service call changed, merged over a burst of edits (issue 17 item 5)."""

from __future__ import annotations

from chainchief.services.kernel.changes import Changes, ChangeSet, merge
from chainchief.services.kernel.edits import FieldChange, RowRef


def test_a_service_result_says_what_it_changed() -> None:
    assert FieldChange(3, {"phone": "1"}, {"phone": "2"}, 4, "firm").changes == Changes(
        "firm", updated=frozenset({3})
    )
    assert FieldChange(3, {}, {}, 4, "firm").changes == Changes("firm")
    assert RowRef(5, 1, "target").changes == Changes("target", created=frozenset({5}))
    assert RowRef(5, 1).changes is None  # a service that does not say: unknown


def test_a_burst_of_one_kind_merges() -> None:
    burst = ChangeSet(
        (
            Changes("firm", updated=frozenset({1, 2})),
            Changes("firm", created=frozenset({7})),
            Changes("firm", removed=frozenset({2})),
            Changes("firm", removed=frozenset({7})),
        )
    )
    assert burst.only("firm") == Changes("firm", frozenset({1}), frozenset(), frozenset({2, 7}))
    assert burst.only("target") is None


def test_a_delete_undone_is_a_creation() -> None:
    deleted, restored = frozenset({4}), frozenset({4})
    undone = merge([Changes("firm", removed=deleted), Changes("firm", created=restored)])
    assert undone == Changes("firm", created=frozenset({4}))


def test_another_kind_or_an_unsaid_step_means_everything() -> None:
    mixed = ChangeSet((Changes("firm", updated=frozenset({1})), Changes("membership")))
    assert mixed.only("firm") is None
    unsaid = ChangeSet((Changes("firm", updated=frozenset({1})),), complete=False)
    assert unsaid.only("firm") is None
    assert ChangeSet().only("firm") is None
