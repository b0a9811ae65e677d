"""Bargaining models and their solutions.

* :mod:`.packages` — multi-issue bargaining over concession packages.
"""

from .packages import Issue, PackageSpace

__all__ = ["Issue", "PackageSpace"]
