"""ChainChief: the desktop workbench for the industrial-chain chief system (链长制)."""

import os

__version__ = "0.1.0"

# openpyxl parses with lxml whenever lxml is installed (python-docx brings it), and defusedxml
# guards only the standard library's parser: a workbook's entity declarations would then be
# read instead of refused. Set before any module can import openpyxl; the reader checks it.
os.environ.setdefault("OPENPYXL_LXML", "False")
