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
(gradients shaped like their arguments, fresh arrays, floats for scalars).

Only numbers, NumPy scalars and arrays are learned; calls with anything else
(lists, objects, keywords) always take the checking path. Exact matching
means no conversion ever happens on the fast path: an ``int`` where a
``float`` was compiled, a 2-d array where a 1-d one was, take the checking path
(which compiles for them in turn).
"""
import inspect

import numpy as np

_CLASS = None


def jit_class():
    """The JitGradFunction class (created on first use: numba is imported lazily)."""
    global _CLASS
    if _CLASS is None:
        _CLASS = _make_class()
    return _CLASS


def _learnable(value):
    return isinstance(value, (float, int, bool, complex, np.ndarray, np.generic))


def _make_class():
    from numba import _dispatcher, typeof, types
    from numba.core.dispatcher import OmittedArg
    from numba.core.typeconv.rules import default_type_manager

    from ..api import GradFunction

    class JitGradFunction(_dispatcher.Dispatcher, GradFunction):
        """A jit=True gradient: numba's C dispatch over compiled drivers, falling back
        to the checking path (GradFunction.__call__) for argument types it has not seen."""

        _fold_args = True

        def __init__(self, func, wrt, mode, jit=True):
            GradFunction.__init__(self, func, wrt, mode, jit)
            sig = inspect.signature(func)
            names = tuple(sig.parameters) + (("dout",) if mode == "vjp" else ())
            defaults = tuple(OmittedArg(p.default) for p in sig.parameters.values()
                             if p.default is not inspect.Parameter.empty)
            if mode == "vjp" and defaults:
                defaults = ()            # dout comes last and has no default
            _dispatcher.Dispatcher.__init__(self, default_type_manager.get_pointer(), len(names), True,
                                            names, defaults, False, False, True)
            self._learned = {}          # numba signature -> compile result (kept alive)
            self._seen = set()          # signatures called once through the checking path
            self.__code__ = func.__code__

        # --- the hooks numba's C dispatcher calls ------------------------------------
        def _compile_for_args(self, *args, **kws):
            """No compiled driver matches: return the checking path (C then calls it)."""
            return self._checked_call

        def typeof_pyval(self, val):
            try:
                return typeof(val)
            except Exception:  # noqa: BLE001  (not a numba value: it never matches)
                return types.pyobject

        def _search_new_conversions(self, *args, **kws):
            return False

        def _explain_matching_error(self, *args, **kws):
            raise TypeError("no compiled driver for these argument types")

        _explain_ambiguous = _explain_matching_error

        # --- the checking path, then learning ------------------------------------------
        def _checked_call(self, *args, **kws):
            args = tuple(a.value if isinstance(a, OmittedArg) else a for a in args)
            result = GradFunction.__call__(self, *args, **kws)
            if not kws and all(_learnable(a) for a in args):
                self._learn(args)
            return result

        def _learn(self, args):
            """Compile the driver for these argument types on their second checked call
            (a gradient called once pays for no driver)."""
            from .jit import JitBuilt
            built = self._built
            if not isinstance(built, JitBuilt):
                return
            sig = tuple(typeof(a) for a in args)
            if sig in self._learned:
                return
            if sig not in self._seen:
                self._seen.add(sig)
                return
            kind = self.mode + ("_tuple" if self.many else "")
            cres = built.compile(built.driver(kind), sig, f"the {self.mode} driver")
            self._learned[sig] = cres
            self._insert([t._code for t in sig], cres.entry_point, False)

        def forget(self):
            """Drop the learned fast paths (every call takes the checking path again)."""
            self._clear()
            self._learned.clear()

        @property
        def fast_signatures(self):
            """The argument types that go straight to compiled code."""
            return list(self._learned)

        def __repr__(self):
            return GradFunction.__repr__(self)

    return JitGradFunction
