"""Foresight (issue 27): what-if scenarios on a chain, targets ranked by the gaps they would
close, the leading firms a chain cannot lose, and the chief's one-page brief.

The package's use cases are named in ``__init__.pyi``; callers outside ``services`` import them
from here. They load on first use (lazy_loader), so a command pays only for the modules it
calls. Modules inside ``services`` import each other's modules directly.
"""

import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
