"""``python -m builder``: the ``coursepack`` command, for when its script is not on PATH."""

from builder.cli import main

main()
