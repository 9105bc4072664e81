"""The bundle's ``chainchief``: what ``python -m chainchief`` runs (chainchief/__main__.py)."""

from chainchief.startup import pause_collection

pause_collection()

from chainchief.cli import main  # noqa: E402  (imported with the collector paused)

main()
