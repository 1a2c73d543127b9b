"""The adjoints behind a ``GradFunction``: one per build key, built once and kept current.

A call's key (``key_of``) is each argument's rank (``_rank``: 0 for a number, ndim for an array,
the kind of a list, tuple or dict otherwise), then the positions of the arguments that are
Python lists. ``Builds`` (a mixin of ``api.GradFunction``) builds the adjoint for a key through
the pipeline (``jit=True``: then compiled, ``backends.jit``), shares it with every gradient of
the same function, ``wrt``, ``jit``, ``checkpoint`` and ``has_aux`` (``_CACHE``), and checks its
guard before each use.

Invariant: an adjoint is only run after its guard (``scopes``) has confirmed that everything it
was built with is unchanged -- the helpers it inlined, the modules and builtins it calls, the
kinds of the globals it reads, the rule registry; otherwise it is rebuilt first (and after three
rebuilds that each went stale at once, ``StaleAdjointError``). So a gradient never uses a stale
global, a redefined helper or a stale rule, through ``g(...)``, ``g.adjoint``, ``g.source`` or a
fresh ``grad(f)`` alike. A gradient of fixed objects (a bound method's ``self``) shares nothing.
"""
import time
import weakref

import numpy as np

from . import arguments
from .analyses.kinds import KEYED_TYPES, kinds_for
from .errors import StaleAdjointError
from .results import building

_CACHE = weakref.WeakKeyDictionary()     # target function -> {(wrt, jit, ranks): Built}


def _rank(x):
    """0 for a scalar, ndim for an array, None otherwise (the key adjoints are specialised on)."""
    t = type(x)
    if t is float or t is int:
        return 0
    if isinstance(x, np.ndarray):      # 0 stays a number's: rank tests fold on it (frontend/rank_tests.py)
        return x.ndim or None
    from .analyses.expr_ranks import of_value
    return of_value(x)


def key_of(args):
    """The key adjoints are specialised on: each argument's ``_rank``, then, when some are Python
    lists, ``("lists", i, ...)`` (a list's rank is None as a 0-d array's, but not its copy); when
    some are tuples, ``("tuples", i, ...)`` (a tuple's copy ``list(t)`` and joins ``t + (v,)`` are
    written out for them: ``frontend/param_copies.py``, ``tuple_joins.py``); and when some are
    Python ints, ``("ints", i, ...)`` (an int's rank is 0 as a float's, but ``L * n`` repeats a
    list only for an int ``n``); and when some are random generators, ``("generators", i, ...)``
    and ``("random_states", i, ...)`` (``rng.normal(size=n)`` of one is a draw)."""
    key = tuple([_rank(a) for a in args])
    types = tuple(map(type, args))
    if not _KEYED.intersection(types):      # (the call path's common case)
        return key
    for label, kind in KEYED_TYPES.items():
        if kind in types:
            key += ((label,) + tuple(i for i, t in enumerate(types) if t is kind),)
    numbers = tuple(i for i, a in enumerate(args) if type(a) in (list, tuple) and _all_numbers(a))
    return key + (("numbers",) + numbers,) if numbers else key


def _all_numbers(seq):
    """True if every item of a list or tuple argument is a number (``r = list(init); r[i] += v``
    then rebinds an item: ``analyses/number_lists.py``)."""
    return all(type(v) in (float, int, bool) or isinstance(v, (np.floating, np.integer)) for v in seq)


_KEYED = frozenset(KEYED_TYPES.values())


def live_adjoint(gf, key):
    """``g.adjoint``: the generated function for one specialisation, run only after its guard
    passed (rebuilt otherwise), with the current values of the globals it reads."""
    from .scopes import caller
    built = gf._fresh(key)[0]

    def rebuild(*args):
        new, data = gf._fresh(key)
        glb["_guard"], glb["_raw"] = new.guard, new.raw
        return new.raw(*args[:-1], *data, args[-1])
    fn, glb = caller(len(built.params), built.guard, built.raw, rebuild)
    fn.__doc__ = f"The generated adjoint of {gf.target.name}: (*params, dout=1.0) -> (value, *gradients)"
    return fn


class Builds:
    """Mixin of ``api.GradFunction``: its adjoints by build key (``self._by_kind``), current."""

    def _fresh(self, key):
        """The adjoint for argument ranks ``key`` and its current data values, rebuilt if
        anything it was built with has changed."""
        built = self._by_kind.get(key)
        data = built.guard() if built is not None else None
        if data is not None:
            return built, data
        for _ in range(3):
            built = self._by_kind[key] = self._cached(key)
            data = built.guard()
            if data is not None:
                return built, data
            _CACHE.get(self.func, {}).pop(self._ckey(key), None)
        raise StaleAdjointError(f"the globals of `{self.target.name}` keep changing while its gradient is "
                                "built; s2sad cannot build an adjoint for a moving target.")

    def _ckey(self, key):
        return (tuple(self.wrt), self.jit, key, self.checkpoint) + (("aux",) if self.has_aux else ())

    def _cached(self, key):
        if self._objects:      # built for these objects: never shared with another gradient of func
            return self._build(key)
        per_func = _CACHE.setdefault(self.func, {})
        ckey = self._ckey(key)
        built = per_func.get(ckey)
        if built is None or built.guard() is None:
            built = per_func[ckey] = self._build(key)
        return built

    def _build(self, key):
        from .pipeline import build
        self._check_source()
        start = time.perf_counter()
        with building(self.func, self.target.name):
            built = build(self.func, self.wrt, param_kinds=kinds_for(self._params, key), compiled=self.jit,
                          checkpoint=self.checkpoint, aux=self.has_aux, objects=self._objects)
            built.timings = {"transform": time.perf_counter() - start}
            if self.jit:
                from .backends.jit import jit_built
                built = jit_built(built)
        return built

    def _check_source(self):
        from .frontend.parsing import parse_function
        if self._src is None:
            self._src = parse_function(self.func)
        arguments.check_returns(self._src)

    def build_for(self, kinds):
        """The adjoint for these argument ranks, up to date; its namespace (and under ``jit=True``
        its numba module) holds the current values of the globals it reads, for code that
        cannot take them as arguments (``g.compiled``, minimize, export)."""
        self._key = tuple(kinds)
        built, data = self._fresh(self._key)
        if built.data:
            from .scopes import with_frozen_values
            built = with_frozen_values(built, data)
        return built

    def _specialize(self, args):
        """Build (or fetch) the adjoint for these arguments' ranks and make it current."""
        self._key = key_of(self._full(args, {}))
        self._fresh(self._key)

    @property
    def built(self):
        """The adjoint for the argument kinds of the last call (all unknown before any call)."""
        return self.build_for(self._key)
