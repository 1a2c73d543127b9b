"""The fast Python call path of ``jit=True`` gradients: numba's C type dispatch.

``s2sad.grad(f, jit=True)`` returns a :class:`JitGradFunction`: a
``GradFunction`` that is also a numba C dispatcher (``numba._dispatcher.Dispatcher``).
Calling it runs numba's C code, which types the arguments and looks for a
compiled driver (:mod:`s2sad.backends.drivers`) with *exactly* these argument
types. The first call with new types finds none and falls back, through the
dispatcher's ``_compile_for_args`` hook, to ``GradFunction.__call__``: the
checking path (argument kinds, the adjoint built and compiled for them, the
result checked and shaped). After the second such call with the same types
succeeds, the driver is compiled for them and inserted (numba links the
adjoint into it, about a third of the adjoint's compile time, which a
gradient called once never pays), so later calls with those types go straight
from C to machine code. The driver returns what the checking path returns
(gradients shaped like their arguments, fresh arrays, floats for scalars); it is one of
the fast path's own (``drivers.FAST`` or ``live.PREFIX`` kinds), whose arrays go back to
Python as ``boxing.Boxed``, without numba's unpickle of the array type per array.

Only numbers, NumPy scalars and arrays are learned, with the differentiated ones
already real floats (the checking path would convert them). The C path serves
adjoints whose guard (:mod:`s2sad.scopes`) is static (no global data, only library
code) and forgets what it learned when a derivative rule is registered
(``registry.watch``); an adjoint that inlined or calls the user's helpers (no global
data) is served by its live driver, which runs the guard itself, from compiled code
(:mod:`s2sad.backends.live`: no Python frame and no second type dispatch on the way).
An adjoint that writes into a parameter (the checking path refuses a call passing it with
another argument sharing its memory, ``shared_memory.check_apart``) is never learned.
Calls with anything else (lists, objects, keywords, too few or too many
arguments: every parameter has a placeholder default and extra arguments go
to a star parameter, so they reach the checking path and its errors) take the
checking path. Exact matching means no conversion ever happens on the fast
path: an ``int`` where a ``float`` was compiled, a 2-d array where a 1-d one
was, take the checking path (which compiles for them in turn).
"""
import numpy as np
from numba import _dispatcher, typeof, types
from numba.core.dispatcher import OmittedArg
from numba.core.typeconv.rules import default_type_manager

from ..api import GradFunction
from ..rules import registry
from . import live


def jit_class():
    """The class of ``jit=True`` gradients."""
    return JitGradFunction


def _learnable(value):
    """A value whose numba type a driver may be compiled for (numba has none for an array in the
    other byte order, which the checking path converts: ``drivers.contig``)."""
    if isinstance(value, np.ndarray):
        return value.dtype.isnative
    return isinstance(value, (float, int, bool, np.generic))


def _real(value):
    """A value the checking path passes on unchanged (it turns ints it differentiates into floats,
    float32 into float64)."""
    return type(value) is float or type(value) is np.ndarray and value.dtype.char == "d" and value.dtype.isnative


_MISSING = object()     # the default the C dispatcher gives a parameter the call left out


class _ExactMatch:
    """What numba's C dispatcher asks of both dispatchers here: the type of a value (a
    non-numba value never matches) and no search for conversions (exact matches only)."""

    def typeof_pyval(self, val):
        try:
            return typeof(val)
        except Exception:  # noqa: BLE001  (not a numba value: it never matches)
            return types.pyobject

    def _search_new_conversions(self, *args, **kws):
        return False


class JitGradFunction(_ExactMatch, _dispatcher.Dispatcher, GradFunction):
    """A jit=True gradient: numba's C dispatch over compiled drivers, falling back
    to the checking path (GradFunction.__call__) for argument types it has not seen."""

    def __init__(self, func, wrt, mode, jit=True):
        GradFunction.__init__(self, func, wrt, mode, jit)
        names = tuple(self._params) + (("dout_" if "dout" in self._params else "dout",) if mode == "vjp" else ())
        # every parameter has a default and extra arguments go to a star parameter, so that a
        # call with too few or too many arguments reaches the checking path (and its errors)
        defaults = tuple(OmittedArg(_MISSING) for _ in names)
        # can_fallback (6th): a value numba cannot type at all (an empty list: "cannot compute
        # fingerprint") goes to the checking path too, instead of numba's ValueError reaching the user
        _dispatcher.Dispatcher.__init__(self, default_type_manager.get_pointer(), len(names) + 1, True,
                                        names + ("_s2sad_rest",), defaults, True, True, True)
        self._dispatch_names = names
        self._learned = {}          # numba signature -> compile result (kept alive)
        self._seen = set()          # signatures called once through the checking path
        self.__code__ = self.func.__code__
        registry.watch(self)        # a new rule: forget everything learned

    # --- the hooks numba's C dispatcher calls ------------------------------------
    def _compile_for_args(self, *args, **kws):
        """No compiled driver matches: C then calls the checking path with the same arguments."""
        return self._checked_call

    def _explain_matching_error(self, *args, **kws):
        raise TypeError("no compiled driver for these argument types")

    _explain_ambiguous = _explain_matching_error

    # --- the checking path, then learning ------------------------------------------
    def _checked_call(self, *args):
        """The call as the user made it (placeholders dropped; values after a gap were
        keywords), through the checking path, then maybe learn its types."""
        *named, rest = args
        names = self._dispatch_names
        pos, kws = [], {}
        for name, value in zip(names, named):
            if isinstance(value, OmittedArg) and value.value is _MISSING:
                continue
            if len(pos) + len(kws) == names.index(name) and not kws:
                pos.append(value)
            else:
                kws["dout" if name == names[-1] and self.mode == "vjp" else name] = value
        if rest:
            pos += list(rest)
        result = GradFunction.__call__(self, *pos, **kws)
        if not kws and not rest and self._simple:
            self._learn(tuple(pos))
        return result

    def _learn(self, args):
        """Compile the driver for these argument types on their second checked call (a
        gradient called once pays for no driver), when the call path may skip the
        adjoint's guard: it reads no global data and only library code (scopes)."""
        from .jit import JitBuilt
        built = self._built_now()
        n = len(self._params)
        static = getattr(getattr(built, "guard", None), "static", False)   # (None: a record's call, record_flat)
        if not isinstance(built, JitBuilt) or built.written or not (static or built.checked_live) \
                or len(args) != n + (self.mode == "vjp") or not all(map(_learnable, args)) \
                or not all(_real(args[i]) for i in self._wrt_pos) \
                or self.mode == "vjp" and not _real(args[-1]):
            return
        sig = tuple(typeof(a) for a in args) + (types.Tuple(()),)
        if sig in self._learned:
            return
        if sig not in self._seen:
            self._seen.add(sig)
            return
        first = built.fast_first      # while the checking path runs the adjoint without fallbacks
        kind = first + built.fast_prefix + self.mode + ("_tuple" if self.many else "")
        cres = built.compile(built.driver(kind), sig, f"the {self.mode} driver")
        self._learned[sig] = cres
        if not static or first:    # its driver runs the guard (.live), or may recall the checking path
            live.enlist(built.module.module, self)
        self._insert([t._code for t in sig], cres.entry_point, False)

    def _built_now(self):
        entry = self._by_kind.get(self._key)
        return entry

    def forget(self):
        """Drop the learned fast paths (every call takes the checking path again)."""
        self._clear()
        self._learned.clear()
        self._seen.clear()

    @property
    def fast_signatures(self):
        """The argument types that go straight to compiled code."""
        return [sig[:-1] for sig in self._learned]

    def __repr__(self):
        return GradFunction.__repr__(self)

