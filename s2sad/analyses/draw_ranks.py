"""The rank of a random draw (``expr_ranks``' family for calls that draw).

A draw of an elementwise distribution (``rng.normal(0.0, s, size=(2, 3))``, ``rng.random(n)``,
``rng.integers(0, 5, size=4)``, ``np.random.standard_normal(n)``; a ``Generator``'s, a
``RandomState``'s or ``numpy.random``'s) has the shape ``size`` gives: as many axes as a
tuple display has items, one for a number; without ``size`` (or ``size=None``) the shape its
distribution's parameters broadcast to (a number when they are numbers). ``rand(d0, d1, ...)``
and ``randn(...)`` have one axis per argument. Invariant: None where the rank is not known for
sure (``size`` held in a name of unknown length, ``out=``, a distribution whose draws are
vectors or rows: ``choice``, ``multivariate_normal``, ``dirichlet``...).
"""
import ast
import inspect

from ..transforms.purity import draws

# draws that are not one number per element of `size` (a row, a vector, a permutation)
_NOT_ELEMENTWISE = frozenset({"choice", "multivariate_normal", "multinomial", "dirichlet",
                              "multivariate_hypergeometric", "permutation", "permuted", "shuffle",
                              "bytes", "spawn", "bit_generator", "get_state", "set_state", "seed"})
_NOT_PARAMETERS = frozenset({"size", "dtype", "out", "endpoint"})
_SHAPE_ARGS = frozenset({"rand", "randn"})


def is_draw(fn):
    """``fn`` is a draw whose rank ``draw_rank`` can tell (an elementwise distribution's)."""
    return draws(fn) and getattr(fn, "__name__", None) not in _NOT_ELEMENTWISE and _signature(fn) is not None


def draw_rank(fn, call, rank_of, unset):
    """The rank of ``call`` of the draw ``fn`` (``is_draw``); ``rank_of(node)`` gives an
    argument's rank (``unset``: not known yet), or None when not known for sure."""
    if fn.__name__ in _SHAPE_ARGS:      # rand(2, 3): one axis per argument, a number without any
        parts = [rank_of(a) for a in call.args]
        if call.keywords or any(p is unset for p in parts):
            return None if call.keywords else unset
        return len(parts) if all(p == 0 for p in parts) else None
    args = _bound(fn, call)
    if args is None:
        return None   # a wrong call: Python raises when it runs; no rank is claimed
    if "out" in args:
        return None
    size = args.get("size")
    if sized(fn, call):
        if isinstance(size, (ast.Tuple, ast.List)):
            return len(size.elts) if not any(isinstance(e, ast.Starred) for e in size.elts) else None
        r = rank_of(size)
        return unset if r is unset else 1 if r == 0 else None
    parts = [rank_of(v) for name, v in args.items() if name not in _NOT_PARAMETERS]
    if any(p is None for p in parts):
        return None
    if any(p is unset for p in parts):
        return unset
    return max(parts, default=0)


def sized(fn, call):
    """True unless ``call`` of the draw ``fn`` (``is_draw``) has no ``size`` (or ``size=None``): a draw
    of numbers without one is a Python number (or a NumPy scalar), never a 0-d array."""
    if fn.__name__ in _SHAPE_ARGS:
        return bool(call.args or call.keywords)
    args = _bound(fn, call)
    if args is None:
        return True
    size = args.get("size")
    return size is not None and not (isinstance(size, ast.Constant) and size.value is None)


def _bound(fn, call):
    """``call``'s arguments bound to the draw ``fn``'s parameters (name -> AST), or None for a call
    its signature does not take."""
    try:
        return _signature(fn).bind(*call.args, **{k.arg: k.value for k in call.keywords}).arguments
    except TypeError:
        return None


def _signature(fn):
    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):
        return None
    if fn.__name__ not in _SHAPE_ARGS and "size" not in sig.parameters:
        return None
    return sig
