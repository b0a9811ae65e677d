"""Build the optional C extension and ship the bundled scenarios; all metadata is in setup.cfg.

The exact vertex search of `negotiation.equilibria.polytope` has a C implementation
(GMP for big integers).  Without a C compiler or GMP the build skips it and the pure
Python search is used: same answers, slower.  The scenarios of the top-level ``models/``
folder go into the package as ``negotiation/models``.
"""

from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_py import build_py


class build_py_with_models(build_py):
    """``build_py``, then ``models/*.yaml`` copied to ``negotiation/models/``."""

    def run(self):
        super().run()
        target = Path(self.build_lib, "negotiation", "models")
        self.mkpath(str(target))
        for source in sorted(Path(__file__).resolve().parent.joinpath("models").glob("*.yaml")):
            self.copy_file(str(source), str(target / source.name))


setup(
    cmdclass={"build_py": build_py_with_models},
    ext_modules=[
        Extension(
            "negotiation.equilibria._lexsearch",
            ["negotiation/equilibria/_lexsearch.c"],
            libraries=["gmp"],
            optional=True,
        )
    ],
)
