"""Game representations: strategic form (and Gambit .nfg files)."""

from .normal_form import NormalFormGame

__all__ = ["NormalFormGame"]
