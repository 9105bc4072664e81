"""The bundle's ``chainchief-gui``: the same entry point as pyproject's [project.gui-scripts]."""

from chainchief.app import main

main()
