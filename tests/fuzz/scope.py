"""The generator's view of the function being written: which names hold what.

A ``Scope`` maps each live name to a ``Var`` (a float scalar or array of a
known concrete shape), a ``Lst`` (a Python list of same-shaped items, of known
length) or an ``Int`` (an integer in ``[0, ub)``, usable as an index into an
axis of length ``ub`` or more; ``ub=None`` for counts that may change between
calls). ``Var.writable`` is true only for arrays the function allocated (and
views of them): the generator writes in place into those and never into the
caller's or the module's arrays. Invariant: every name in a scope is defined
on every path that reaches the statement being generated, with that shape.

``Ctx`` is the per-program state: the random generator, the dimensions, the
construct filter (``only``), the constructs used so far (``tags``), the helper
signatures and the module globals.
"""
import random
from dataclasses import dataclass, field, replace

__all__ = ["Var", "Lst", "Int", "Helper", "Scope", "Ctx", "CONSTRUCTS"]

# Construct tags: what a program contains (the summary's rows, and --only's vocabulary).
CONSTRUCTS = ("arith", "calls", "reductions", "broadcast", "views", "inplace", "lists", "helpers",
              "globals", "branches", "for", "while", "break", "return", "linalg", "methods",
              "math", "nondiff", "snippets", "unsupported", "shapes", "effects", "closures", "fancy", "shrink",
              "tensors", "indices", "comprehensions", "containers", "nested", "tables", "tuples", "records", "special",
              "kernels", "classes", "folds", "through", "flows", "idioms", "dataclasses", "stats", "stacks", "keys", "recursion", "matches", "signatures",
              "draws", "rebinds", "recstate", "dictitems", "tolerance", "rowcol", "piecewise", "scatter", "axes",
              "tuplehelp", "gens", "trys", "partials", "ufuncat", "defaults", "ntwrite", "objlists", "fkeys")
ALWAYS = {"arith", "calls"}


@dataclass
class Var:
    name: str
    shape: tuple
    writable: bool = False
    weight: float = 1.0           # how strongly expressions prefer this name


@dataclass
class Lst:
    name: str
    shape: tuple                  # shape of each item
    length: int


@dataclass
class Int:
    name: str
    ub: object                    # values lie in [0, ub); None: not usable as an index


@dataclass
class Helper:
    name: str
    params: list                  # shapes of the positional parameters
    default: object               # (name, value) of a trailing float parameter with a default, or None
    returns: list                 # shapes of the returned values (len > 1: a tuple)


@dataclass
class Scope:
    vars: dict = field(default_factory=dict)
    lists: dict = field(default_factory=dict)
    ints: dict = field(default_factory=dict)
    in_loop: bool = False
    loop_vars: frozenset = frozenset()

    def copy(self):
        return Scope({k: replace(v) for k, v in self.vars.items()}, dict(self.lists), dict(self.ints),
                     self.in_loop, self.loop_vars)

    def names(self):
        return set(self.vars) | set(self.lists) | set(self.ints)

    def with_shape(self, shape):
        return [v for v in self.vars.values() if v.shape == shape]

    def define(self, name, shape, writable=False):
        self.lists.pop(name, None)
        self.ints.pop(name, None)
        self.vars[name] = Var(name, shape, writable, 3.0)
        for v in self.vars.values():
            v.weight = max(1.0, v.weight * 0.8)
        self.vars[name].weight = 3.0

    def meet(self, other):
        """The names defined with the same shape in both (after an if/else)."""
        out = Scope(in_loop=self.in_loop, loop_vars=self.loop_vars)
        for k, v in self.vars.items():
            w = other.vars.get(k)
            if w is not None and w.shape == v.shape:
                out.vars[k] = Var(k, v.shape, v.writable and w.writable, max(v.weight, w.weight))
        out.lists = {k: v for k, v in self.lists.items() if other.lists.get(k) == v}
        out.ints = {k: v for k, v in self.ints.items() if other.ints.get(k) == v}
        return out

    def after_loop(self, before):
        """Names defined before the loop survive it; a list appended to in the loop keeps the
        length the loop gave it only if the caller says so (see stmts)."""
        out = before.copy()
        for k, v in self.vars.items():
            if k in out.vars and out.vars[k].shape == v.shape:
                out.vars[k].writable = out.vars[k].writable and v.writable
            elif k in out.vars:
                del out.vars[k]
        return out


POOLS = {
    "scalar": ["s", "t", "a", "b", "c", "u", "z", "r", "acc", "total", "loss", "e", "val", "energy", "p",
               "q", "result", "value", "tmp", "d", "k1", "phi", "rho", "mu", "sigma", "alpha", "beta"],
    "vector": ["v", "y", "h", "g", "z", "p", "q", "u", "vel", "pos", "state", "out", "grad", "res", "w",
               "feat", "prob", "diff", "coef", "tmp", "m", "x1"],
    "matrix": ["B", "C", "M", "K", "H", "P", "Q", "R", "G", "L", "W2", "cov", "jac", "D", "T"],
    "list": ["xs", "ys", "vals", "hist", "terms", "parts", "traj", "rows", "items", "ps"],
    "int": ["i", "j", "k", "l", "step", "it", "idx", "n_iter", "count", "t"],
}
RESERVED = {"np", "math", "f", "sum", "max", "min", "abs", "len", "range", "float", "int", "list",
            "zip", "enumerate", "reversed", "True", "False", "None"}


class Ctx:
    """Per-program generation state."""

    def __init__(self, seed, only=None, without=None):
        self.rng = random.Random(seed)
        self.without = set(without or ())
        self.n = self.rng.choice([3, 4, 5])
        self.m = self.rng.choice([2, 3] if self.n != 3 else [2, 4])
        self.only = set(only) if only else None
        self.tags = set()
        self.rules = set()            # catalog paths used
        self.helpers = []
        self.globals = Scope()
        self.global_ints = {}         # name -> value
        self.taken = set(RESERVED)
        self.rescues = 0              # nesting of compound expressions built where no leaf fits
        self.extra_defs = []          # module-level helpers statements made (effects.py), before f
        self.tensors = []             # (name, shape) of f's 3-d parameters (tensors.py; never in Scope.vars)

    # ---- random choices -----------------------------------------------------
    def chance(self, p):
        return self.rng.random() < p

    def pick(self, seq):
        return seq[self.rng.randrange(len(seq))]

    def weighted(self, items):
        """items: list of (weight, value); a weight-proportional choice (None if all weights are 0)."""
        total = sum(w for w, _ in items)
        if total <= 0:
            return None
        x = self.rng.random() * total
        for w, value in items:
            x -= w
            if x < 0:
                return value
        return items[-1][1]

    def enabled(self, tag):
        if tag in self.without:
            return False
        return self.only is None or tag in self.only or tag in ALWAYS

    def use(self, tag):
        self.tags.add(tag)

    # ---- names ----------------------------------------------------------------
    def fresh(self, kind, scope):
        used = self.taken | scope.names()
        pool = [p for p in POOLS[kind] if p not in used]
        if pool and self.chance(0.9):
            name = self.pick(pool)
        else:
            base, k = self.pick(POOLS[kind]), 2
            while f"{base}{k}" in used:
                k += 1
            name = f"{base}{k}"
        self.taken.add(name)          # names are never reused within a program
        return name

    def shapes(self):
        """The shapes programs use: scalars, vectors of two lengths, matrices both ways."""
        n, m = self.n, self.m
        return [(), (n,), (m,), (m, n), (n, m), (m, m)]
