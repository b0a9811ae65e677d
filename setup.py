"""Build the optional C extension; all metadata is in setup.cfg.

The exact vertex search of `negotiation.equilibria.polytope` has a C implementation
(GMP for big integers).  Without a C compiler or GMP the build skips it and the pure
Python search is used: same answers, slower.
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "negotiation.equilibria._lexsearch",
            ["negotiation/equilibria/_lexsearch.c"],
            libraries=["gmp"],
            optional=True,
        )
    ]
)
