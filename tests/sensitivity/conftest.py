from pathlib import Path

import numpy as np
import pytest

COMPOSITE = Path(__file__).parents[1] / "scenario" / "fixtures" / "composite.yaml"

#: The composite model of literature notes: lit-composite and its priors.
PRIORS = {"d_K": (0.3, 0.5), "d_U": (0.2, 0.4), "kappa": (0.1, 0.5), "L": (0.0, 0.2)}
BASELINE = {"d_K": 0.4, "d_U": 0.3, "kappa": 0.25, "L": 0.1}


def composite(d_K, d_U, kappa, L):
    """x* and whether the surplus is negative (literature notes: lit-composite)."""
    return {"x": d_K / 2 + (1 + L - d_U) / (2 * (1 + kappa)),
            "no_surplus": 1 + L - d_U - (1 + kappa) * d_K < 0}


def ishigami(x1, x2, x3):
    return np.sin(x1) + 7 * np.sin(x2) ** 2 + 0.1 * x3 ** 4 * np.sin(x1)


@pytest.fixture(scope="session")
def composite_scenario():
    import negotiation

    return negotiation.load(str(COMPOSITE))


@pytest.fixture(scope="session")
def baseline():
    import negotiation

    return negotiation.load("us_dprk_2025_baseline")
