"""``python -m negotiation``: the command line, as ``negotiation`` (:mod:`negotiation.cli`)."""

import sys

from .cli import main

sys.exit(main())
