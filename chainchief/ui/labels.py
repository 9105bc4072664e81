"""Texts as Qt shows them on tabs, menus and buttons: a module of its own, so the window's
frame needs none of the form helpers before its first paint."""

from __future__ import annotations


def literal(text: str) -> str:
    """A text as a tab or menu shows it: a literal ``&`` (People & departments, a firm called
    A&B) doubled, not taken as a shortcut marker and dropped."""
    return text.replace("&", "&&")
