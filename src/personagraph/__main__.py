"""``python -m personagraph``: the command line."""

from personagraph.cli.app import main

main()
