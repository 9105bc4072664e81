"""Bulk work without the cyclic garbage collector running all the time.

An import or export holds ~10⁵ row objects while openpyxl churns out short-lived ones; every
full collection then walks all the rows again, which costs as much as a fifth of the whole run.
Reference counting still frees everything the work drops; the collector is only paused, and
resumed (with one collection) when the last bulk job ends.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator

_lock = threading.Lock()
_active = 0
_was_enabled = False


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic collector for the block (nesting and threads are counted)."""
    global _active, _was_enabled
    with _lock:
        if _active == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _active += 1
    try:
        yield
    finally:
        with _lock:
            _active -= 1
            resume = _active == 0 and _was_enabled
            if resume:
                gc.enable()
        if resume:
            gc.collect(1)
