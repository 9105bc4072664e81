"""The registers of the plan besides the chain map: firm figures per quarter, the leading-firm
cultivation library with its visits, and where the target firms come from (招商地图).

The package's use cases are named in ``__init__.pyi``; callers outside ``services`` import them
from here. They load on first use (lazy_loader), so a command pays only for the modules it
calls. Modules inside ``services`` import each other's modules directly.
"""

import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
