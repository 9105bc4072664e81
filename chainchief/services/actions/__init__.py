"""Action items (督办事项): created from resolutions, taken through the supervision loop
(签收, 进展, 申请办结, 复核, 退回, 延期, 取消), scored per quarter and reported in official
documents (通报, 督办通知单).

The package's use cases are named in ``__init__.pyi``; callers outside ``services`` import them
from here. They load on first use (lazy_loader), so a command pays only for the modules it
calls. Modules inside ``services`` import each other's modules directly.
"""

import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
