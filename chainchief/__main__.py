from chainchief.startup import pause_collection

pause_collection()

from chainchief.cli import main  # noqa: E402  (imported with the collector paused)

main()
