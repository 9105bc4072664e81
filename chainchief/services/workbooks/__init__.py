"""Workbooks in and out: importing (read, plan, apply), exporting all data, and the demo city.

The file formats themselves live one layer below, in ``chainchief.exchange``.

The names below are the package's use cases; callers outside ``services`` import them from
here. Modules inside ``services`` import each other's modules directly.
"""

from chainchief.services.workbooks.demo import load_demo
from chainchief.services.workbooks.exporting import export_rows, export_workbook
from chainchief.services.workbooks.importing import (
    ImportSummary,
    ReadWorkbook,
    import_read,
    import_source,
    import_workbook,
    read_source,
)

__all__ = [
    "ImportSummary",
    "ReadWorkbook",
    "export_rows",
    "export_workbook",
    "import_read",
    "import_source",
    "import_workbook",
    "load_demo",
    "read_source",
]
