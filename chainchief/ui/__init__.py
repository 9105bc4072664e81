"""The PySide6 window (DESIGN.md §2): only here does the code import Qt.

``shell`` is the main window and what frames it (commands, banner, sign-in, window state);
``map`` the chain map with its editing, inspector, navigator and search; ``pages`` the other
workspace tabs (tables, meetings, action items, indicators, audit); ``models`` the Qt models
over service rows; ``dialogs`` the file and settings dialogs. Beside them: ``undo`` (commands
through the services), ``workers`` (work off the GUI thread), ``forms``, ``icons``, ``fonts``,
``lazy_page`` and ``qt_abc``. Subpackages import their modules on use, so the window starts
without the pages.
"""
