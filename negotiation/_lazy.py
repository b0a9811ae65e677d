"""Public names of a package imported on first use (PEP 562), so that importing the package
loads none of its submodules."""

import importlib
import importlib.util
import sys
import types


def load_on_first_use(package, names):
    """``(__getattr__, __dir__)`` for ``package`` (its ``__name__``) that import each public
    name from its submodule on first use.

    ``names`` maps a submodule (relative, ``".tree"``) to the names it defines; names
    mapped from ``None`` are submodules (any submodule loads on first use, these are also
    listed by ``dir``).  A function named like its submodule
    (``sobol`` in ``sobol.py``) stays the package's attribute when the submodule is
    imported: the import system's binding of the submodule to that attribute is dropped.
    """
    where = {name: module for module, defined in names.items() for name in defined}
    self = sys.modules[package]

    def __getattr__(name):
        if where.get(name) is None:
            if importlib.util.find_spec(f"{package}.{name}") is None:
                raise AttributeError(f"module {package!r} has no attribute {name!r}")
            return importlib.import_module(f".{name}", package)
        value = getattr(importlib.import_module(where[name], package), name)
        setattr(self, name, value)
        return value

    def __dir__():
        return sorted(set(vars(self)) | set(where))

    shadowed = frozenset(name for name, module in where.items() if module == f".{name}")
    if shadowed:
        self.__class__ = type("Package", (_Package,), {"_shadowed": shadowed})
    return __getattr__, __dir__


class _Package(types.ModuleType):
    """A package module that keeps its functions ``shadowed`` by submodules of their name;
    it pickles by name, as modules do (cloudpickle, dask)."""

    _shadowed = frozenset()

    def __setattr__(self, name, value):
        if name in self._shadowed and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)

    def __reduce__(self):
        return importlib.import_module, (self.__name__,)
