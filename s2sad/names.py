"""Deterministic naming for generated code.

``Namer`` hands out fresh local names with counters (never random), so the
same function always gives byte-identical adjoint source. ``Namespace``
collects the global objects the generated code refers to, renaming on clashes
(an inlined helper from another module may call a different ``np``).
"""
import ast


class Namer:
    def __init__(self, taken=()):
        self.taken = set(taken)
        self.counts = {}

    NUMBERED = {"t", "c", "k", "n", "r", "seq"}

    def fresh(self, base):
        """A new name: ``base`` itself if free, else ``base2``... (``t`` is always numbered)."""
        if base not in self.taken and base not in self.NUMBERED:
            self.taken.add(base)
            return base
        n = self.counts.get(base, 0) if base in self.NUMBERED else max(self.counts.get(base, 0), 1)
        sep = "_" if base[-1].isdigit() else ""
        while True:
            n += 1
            name = f"{base}{sep}{n}"
            if name not in self.taken:
                self.counts[base] = n
                self.taken.add(name)
                return name


class Namespace:
    """Names bound in the generated module's globals, name -> object."""

    def __init__(self, reserved=()):
        self.objects = {}
        self.reserved = set(reserved)  # local names of the generated function

    def bind(self, name, obj):
        """Bind ``obj`` under ``name`` (or ``name_2`` ... if taken by another object or a local)."""
        candidate, n = name, 1
        while candidate in self.reserved or (candidate in self.objects and self.objects[candidate] is not obj):
            n += 1
            candidate = f"{name}_{n}"
        self.objects[candidate] = obj
        return candidate


def all_names(tree):
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
