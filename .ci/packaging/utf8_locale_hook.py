"""PyInstaller runtime hook: a UTF-8 LC_CTYPE, as the ``python`` command would give (PEP 538).

``python`` itself turns a C/POSIX locale into C.UTF-8 before anything runs; an embedded Python,
as in the bundle, does not, and Qt then prints a warning on every start in the C locale (no LANG
set) before switching to C.UTF-8 itself. Any non-UTF-8 character set (C, POSIX, zh_CN.GBK) gets
C.UTF-8 here, quietly; only LC_CTYPE changes, so the messages' language still follows LANG.
"""

import contextlib
import locale
import os

if os.name == "posix" and "LC_ALL" not in os.environ:
    try:
        locale.setlocale(locale.LC_CTYPE, "")
        codeset = locale.nl_langinfo(locale.CODESET)
    except locale.Error:
        codeset = ""
    if codeset.upper().replace("-", "") != "UTF8":
        os.environ["LC_CTYPE"] = "C.UTF-8"
        # A libc without C.UTF-8: Qt picks its own fallback and says so.
        with contextlib.suppress(locale.Error):
            locale.setlocale(locale.LC_CTYPE, "C.UTF-8")
