from .demo import load_demo
from .exporting import export_rows, export_workbook
from .importing import (
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
