"""History (快照): chains' states remembered, and what changed between two of them.

Snapshots are taken on demand, when a dispatch meeting is marked held, and by the first write
after a quarter ends (``closing``); ``changes`` compares two states for the CLI, the meeting
pack, the brief and the app's compare view. The use cases are named in ``__init__.pyi``.
"""

import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
