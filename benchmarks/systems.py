"""How each system (column) turns a workload into a gradient function.

``adapter(system, wl)`` returns an :class:`Adapter` whose ``build()`` makes
the gradient (or descent) callable -- the transform / trace / compile step
that is timed as "first call" -- plus the same system's primal for the
gradient/primal ratio.  Outputs are converted to NumPy only for checking.
"""
import types
from collections.abc import Callable
from dataclasses import dataclass

import numba
import numpy as np

from . import compat
from .descent import jax_descent, numba_descent, python_descent, torch_descent
from .registry import UNSUPPORTED


class Skip(Exception):
    """A cell that is not run: 'not installed', 'unsupported' or 'n/a'."""


class CellError(Exception):
    """An error whose message is already short and self-explanatory."""


def njit_with_helpers(fn, _memo=None):
    """``numba.njit(fn)`` where the module-level Python functions it calls
    are njit-compiled too (a fresh dispatcher, so compile time is visible)."""
    memo = {} if _memo is None else _memo
    if fn in memo:
        return memo[fn]
    glb = dict(fn.__globals__)
    clone = types.FunctionType(fn.__code__, glb, fn.__name__, fn.__defaults__, fn.__closure__)
    memo[fn] = jitted = numba.njit(clone)
    for name in fn.__code__.co_names:
        obj = glb.get(name)
        if isinstance(obj, types.FunctionType):
            glb[name] = njit_with_helpers(obj, memo)
    return jitted


_PRIMAL_JIT = {}


def jit_primal(fn):
    if fn not in _PRIMAL_JIT:
        _PRIMAL_JIT[fn] = njit_with_helpers(fn)
    return _PRIMAL_JIT[fn]


@dataclass
class Adapter:
    build: Callable                     # () -> fn(*prepped)
    primal: Callable | None = None   # fn(*prepped) -> value, same system
    prep: Callable = lambda args: args  # user args -> system's argument form
    sync: Callable = lambda out: out    # wait for asynchronous results (JAX)
    to_numpy: Callable = lambda out: tuple(np.asarray(o, dtype=float) for o in out)


def _numpy_of(wl):
    """``to_numpy`` for a gradient function called as the system's users call it: one
    gradient comes back bare, several as a tuple (timed as is, normalised for checking)."""
    if len(wl.wrt) == 1:
        return lambda out: (np.asarray(out, dtype=float),)
    return lambda out: tuple(np.asarray(o, dtype=float) for o in out)


def _wrt_arg(wl):
    return wl.wrt[0] if len(wl.wrt) == 1 else tuple(wl.wrt)


def _variant(system, wl):
    base = wl.base if wl.kind == "descent" else wl
    if compat.missing(system):
        raise Skip("not installed")
    if wl.kind == "descent" and wl.via_minimize and not system.startswith("s2sad"):
        raise Skip("n/a")
    f = base.variants.get(system, base.primal)
    if f is UNSUPPORTED:
        raise Skip(UNSUPPORTED)
    return base, f


def _find_minimize(s2):
    """``s2sad.minimize``, or ``s2sad.tools.optim.minimize`` before it is exported."""
    if hasattr(s2, "minimize"):
        return s2.minimize
    try:
        from s2sad.tools.optim import minimize
        return minimize
    except ImportError:
        raise CellError("s2sad.minimize does not exist yet") from None


def _s2sad(wl, jit):
    if compat.s2sad is None:
        raise CellError(f"import s2sad failed: {compat.S2SAD_IMPORT_ERROR}")
    s2 = compat.s2sad
    if wl.kind == "grad":
        return Adapter(build=lambda: s2.grad(wl.primal, wrt=_wrt_arg(wl), jit=jit),
                       primal=jit_primal(wl.primal) if jit else wl.primal, to_numpy=_numpy_of(wl))
    if wl.via_minimize:
        minimize = _find_minimize(s2)

        def build():
            def run(*args):
                x0 = np.array([float(args[i]) for i in wl.wrt])
                data = tuple(a for i, a in enumerate(args) if i not in wl.wrt)
                res = minimize(wl.packed, x0, method=wl.rule, lr=wl.lr, steps=wl.steps,
                               args=data, jit=jit)
                return tuple(np.asarray(res.x, dtype=float).ravel())
            return run
        return Adapter(build=build)

    if jit:     # the way a compiled gradient drives a descent: g.compiled in a numba loop
        def build_jit():
            g = s2.grad(wl.base.primal, wrt=_wrt_arg(wl), jit=True)
            loop = []

            def run(*args):
                if not loop:            # g.compiled is specialised for the arguments of a first call
                    g(*args)
                    loop.append(numba_descent(g.compiled, len(args), wl.wrt, wl.rule, wl.lr, wl.steps))
                return loop[0](*args)
            return run
        return Adapter(build=build_jit)
    return _python_loop(wl, lambda: s2.grad(wl.base.primal, wrt=_wrt_arg(wl), jit=jit))


def _bind(fn, *extra):
    return lambda *args: fn(*args, *extra)


def _hand(wl, jit):
    if wl.kind == "descent":
        loop = wl.hand_descent
        return Adapter(build=lambda: _bind(njit_with_helpers(loop) if jit else loop, wl.lr, wl.steps))
    if jit:
        return Adapter(build=lambda: njit_with_helpers(wl.hand_numba or wl.hand),
                       primal=jit_primal(wl.primal))
    return Adapter(build=lambda: wl.hand, primal=wl.primal)


def _python_loop(wl, make_grad):
    """Descent row driven from Python: build the gradient, then loop."""
    def build():
        grad = make_grad()
        return lambda *args: python_descent(grad, args, wl.wrt, wl.rule, wl.lr, wl.steps)
    return Adapter(build=build)


def _autograd(wl):
    base, f = _variant("autograd", wl)
    make = lambda: compat.autograd.grad(f, argnum=_wrt_arg(base))
    if wl.kind == "descent":
        return _python_loop(wl, make)
    return Adapter(build=make, primal=f, to_numpy=_numpy_of(base))


def _torch(wl):
    base, f = _variant("torch", wl)
    torch = compat.torch
    wrt = base.wrt

    def prep(args):
        out = []
        for i, a in enumerate(args):
            if isinstance(a, (float, np.floating)) or (isinstance(a, np.ndarray) and a.dtype.kind == "f"):
                t = torch.tensor(a, dtype=torch.float64) if np.ndim(a) == 0 else torch.from_numpy(np.ascontiguousarray(a))
                out.append(t.requires_grad_(i in wrt and wl.kind == "grad"))
            else:
                out.append(a)
        return tuple(out)

    def to_numpy(out):
        return tuple(o.detach().numpy().astype(float) for o in out)

    if wl.kind == "descent":
        return Adapter(build=lambda: torch_descent(f, wrt, wl.rule, wl.lr, wl.steps), prep=prep, to_numpy=to_numpy)

    def build():
        def grad(*targs):
            return torch.autograd.grad(f(*targs), [targs[i] for i in wrt])
        return grad

    def primal(*targs):
        with torch.no_grad():
            return f(*targs)
    return Adapter(build=build, primal=primal, prep=prep, to_numpy=to_numpy)


def _jax(wl):
    base, f = _variant("jax", wl)
    jax, jnp = compat.jax, compat.jnp
    prep = lambda args: tuple(jnp.asarray(a) if isinstance(a, (float, np.ndarray)) else a for a in args)
    sync = jax.block_until_ready
    if wl.kind == "descent":
        return Adapter(build=lambda: jax_descent(f, base.wrt, wl.rule, wl.lr, wl.steps), prep=prep, sync=sync)
    jax_numpy = _numpy_of(base)
    return Adapter(build=lambda: _jit_ints(jax.grad(f, argnums=_wrt_arg(base))),
                   primal=_jit_ints(f), prep=prep, sync=sync, to_numpy=jax_numpy)


def _jit_ints(fn):
    """``jax.jit(fn)`` with its Python int arguments (step counts) static, so that a
    ``fori_loop`` over them has a static trip count and can be reverse-differentiated."""
    jitted = {}

    def call(*args):
        static = tuple(i for i, a in enumerate(args) if type(a) is int)
        if static not in jitted:
            jitted[static] = compat.jax.jit(fn, static_argnums=static)
        return jitted[static](*args)
    return call


def _assign_slices(v, m):
    v[1:] = v[:-1] + 1.0
    m[1:, :] = m[:-1, :] + 1.0
    v[:2] += 1.0
    m[:, :1] += 1.0
    return v, m


def _s2sad_start(x, v):
    return np.sum(v[1:] * x) + x ** 2


def warm_up(systems):
    """Initialise the compiling frameworks once, before any cell is timed. numba's first
    compile in a process loads its typing and target registries (and imports scipy.linalg
    for its BLAS check): about 0.35 s CPU that the first numba column of the first row paid
    (s2sad-jit, which runs before numba-hand), 6-10x that row's whole first call. JAX's
    first jit starts its backend. Like importing the packages, this is nobody's first call.
    numba also compiles the shape-mismatch message of an assignment to a slice once per
    process (about 2 s CPU on the ODE row), for whichever numba column first assigns to a
    slice: s2sad-jit, which ran first, paid it for numba-hand too. numba keys that message's
    machine code by the calling function's flags as well, and s2sad compiles with its own
    (``no_cfunc_wrapper``, ``boundscheck``): compiled with numba's defaults only, it stayed in
    s2sad-jit's first call (1.5-2 s CPU on GMM) and out of numba-hand's, so it is compiled
    with both here.
    s2sad loads its pipeline, rule tables and numba helpers (about 140 modules) at its first
    gradient: about 0.15 s CPU with bytecode caches, 0.5-2.5 s without (PYTHONDONTWRITEBYTECODE,
    as on the project machines), which x²+y²'s first call, the first row's, paid alone. One
    gradient built without jit and the numba helpers imported, before any row, like the
    imports and numba's own start-up; nothing is compiled by numba for s2sad here."""
    if {"s2sad-jit", "numba-hand"} & set(systems):
        numba.njit(lambda x: x + 1.0)(1.0)
        numba.njit(_assign_slices)(np.zeros(3), np.zeros((3, 2)))
        if "s2sad-jit" in systems and compat.s2sad is not None:
            from s2sad.backends import jit_module
            flags = dict(jit_module._options("_warm_up", False), boundscheck=jit_module.BOUNDSCHECK)
            numba.njit(**flags)(_assign_slices)(np.zeros(3), np.zeros((3, 2)))
    if {"s2sad", "s2sad-jit"} & set(systems) and compat.s2sad is not None:
        compat.s2sad.grad(_s2sad_start, wrt=0)(1.0, np.zeros(3))
        if "s2sad-jit" in systems:
            # the jit stages; numba_runtime's imports register s2sad's numba helpers
            import s2sad.backends.fastcall
            import s2sad.backends.jit
            import s2sad.backends.numba_helpers.numba_runtime
            import s2sad.backends.numba_lower  # noqa: F401
    if "jax" in systems and not compat.missing("jax"):
        compat.jax.block_until_ready(compat.jax.jit(lambda x: x + 1.0)(1.0))


def adapter(system, wl):
    """The adapter for one cell; raises :class:`Skip` for cells not run."""
    if system in ("s2sad", "s2sad-jit"):
        return _s2sad(wl, jit=system == "s2sad-jit")
    if system in ("numpy-hand", "numba-hand"):   # also on 'via minimize' rows: the baseline
        return _hand(wl, jit=system == "numba-hand")
    return {"autograd": _autograd, "torch": _torch, "jax": _jax}[system](wl)
