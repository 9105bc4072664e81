"""ChainChief: the desktop workbench for the industrial-chain chief system (链长制)."""

__version__ = "0.1.0"
