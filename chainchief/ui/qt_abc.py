"""Abstract methods on Qt classes, which ``abc.ABC`` cannot be mixed into."""

from __future__ import annotations

from abc import ABCMeta
from typing import Any

from PySide6.QtCore import QObject


class QtABCMeta(ABCMeta, type(QObject)):  # type: ignore[misc]
    """The metaclass for Qt classes (QObject, QWidget, QUndoCommand…) with abstract methods.

    Qt's classes have Shiboken's own metaclass, so ``ABC`` cannot be mixed in; this one
    derives from both. ABCMeta comes first: its ``__new__`` collects the abstract methods and
    calls on to Shiboken's, which in first place would not call ABCMeta's. Shiboken builds
    instances without ``object.__new__``, where Python refuses an abstract class, so
    ``__call__`` refuses one here: a subclass missing a hook fails when built, not when used.
    """

    def __call__(cls, *args: Any, **kwargs: Any) -> Any:
        missing = getattr(cls, "__abstractmethods__", ())
        if missing:
            raise TypeError(
                f"Can't instantiate abstract class {cls.__name__} without an implementation "
                f"for abstract method{'s' if len(missing) > 1 else ''} "
                + ", ".join(f"'{name}'" for name in sorted(missing))
            )
        return super().__call__(*args, **kwargs)
