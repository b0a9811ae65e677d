"""``python -m negotiation``: the command line, as ``negotiation`` (:mod:`negotiation.cli`)."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
