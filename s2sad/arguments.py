"""Checks at the boundary of a gradient call: ``wrt``, the arguments, ``dout`` and
what the function returned.

Invariant: nothing the caller passes reaches the generated code unless it is
something the adjoint is right for, and nothing the adjoint returns reaches the
caller unless it is what the mode promises. Differentiated arguments are real
floats or real arrays (Python and NumPy integers are taken as floats, and refused at the
user's line when the function uses one as an integer, a count or an index; booleans,
complex numbers, float16 and longdouble, None, lists, np.matrix, masked arrays and other ndarray
subclasses (a memmap is viewed as an ndarray) and other objects are refused; a dict or a tuple of such
values is differentiated item by item, see ``transforms/aggregates.py``); the head
gradient of ``vjp`` has exactly the shape of the output; ``grad`` and
``value_and_grad`` return for a real scalar output. Refusals are
``ArgumentError``, ``ShapeError``, ``NonScalarOutputError`` or ``OutputTypeError``
(all ``S2sadError``), located at the function's ``return`` where that helps.
"""
import ast
import operator
from numbers import Integral, Real

import numpy as np

from . import record_args
from .subclasses import advice, plain_array
from .targets import collecting_position
from .errors import (
    ArgumentError,
    NonScalarOutputError,
    OutputTypeError,
    S2sadError,
    ShapeError,
    locate,
)


def normalize_wrt(target, wrt, mode):
    """``wrt`` (a position, a name, or a tuple/list of them) -> (parameter names of
    ``target.func``, whether a tuple of gradients is returned)."""
    visible = target.visible
    many = isinstance(wrt, (tuple, list))
    items = list(wrt) if many else [wrt]
    if many and not items:
        raise ArgumentError(f"{mode}: wrt={wrt!r} selects no parameter; give at least one of {visible}.")
    out = []
    for w in items:
        name = _wrt_name(w, wrt, visible, target, mode)
        if name in out:
            raise ArgumentError(f"{mode}: wrt={wrt!r} names the parameter {name!r} twice.")
        out.append(name)
    return out, many


def _wrt_name(w, wrt, visible, target, mode):
    if isinstance(w, str):
        if w not in visible:
            fixed = w in target.params
            raise ArgumentError(f"{mode}: wrt={wrt!r}: `{target.name}` has no parameter named {w!r}"
                                + (" that is not already fixed (by functools.partial or as `self`)" if fixed else "")
                                + f" (it takes {visible}).")
        return w
    if isinstance(w, (bool, np.bool_)) or not isinstance(w, (Integral, np.integer)):
        raise ArgumentError(f"{mode}: wrt={wrt!r}: each entry must be a parameter position (an int) or "
                            f"name (a str), got {type(w).__name__} {w!r}.")
    i = operator.index(w)
    if not -len(visible) <= i < len(visible):
        raise ArgumentError(f"{mode}: wrt={wrt!r}: `{target.name}` has {len(visible)} parameter(s) "
                            f"{visible}; position {i} is out of range.")
    collecting_position(target, i % len(visible), wrt, mode)
    return visible[i]


class TupleArgument(dict):
    """A differentiated tuple argument, held as a dict of its positions: the adjoint reads its
    items with constant indices (``a, b = t``, ``t[0]``) like a dict parameter's entries, and
    its gradient, a dict of positions, goes back to the user as a tuple."""

    kind = tuple      # the caller's class: a namedtuple's, or list (their items are read by position alike)

    def as_tuple(self, grads):
        """The gradients (a dict of positions, nested for nested tuples) as the caller's tuple."""
        return user_gradient(self, grads)

    def plain(self):
        """The caller's tuple (or record) again, nested ones included, its arrays copies: for a run
        of the user's function, which must not write the caller's arrays."""
        return self.made(v.plain() if isinstance(v, TupleArgument) else copied(v)
                         for v in (self[i] for i in range(len(self))))

    def made(self, items):
        """The caller's kind of tuple holding ``items``: a namedtuple's or dataclass's class takes
        them as its fields (``record_args.made``)."""
        return self.kind(items) if self.kind in (tuple, list) else record_args.made(self.kind, list(items))


def user_gradient(x, g):
    """The gradient ``g`` the adjoint built (dicts, a tuple's a dict of its positions) shaped as
    the argument ``x`` the caller passed: a tuple for a tuple, inside dicts and tuples too."""
    if isinstance(x, TupleArgument):
        return x.made(user_gradient(x[i], g[i]) for i in range(len(x)))
    if isinstance(x, dict) and isinstance(g, dict):
        return {k: user_gradient(v, g[k]) if k in g else g.get(k) for k, v in x.items()}
    if isinstance(x, np.ndarray) and x.ndim == 0 and isinstance(g, (float, np.floating)):
        return np.asarray(g, dtype=x.dtype)      # a 0-d array's gradient is a 0-d array, as for a plain argument
    return g


def wrt_value(value, pname, fname):
    """A differentiated argument as the adjoint takes it (a real float or array, or a dict of
    them with string keys), or a refusal."""
    if isinstance(value, dict) and not isinstance(value, TupleArgument):
        new = {}
        for key, v in value.items():
            if not isinstance(key, str):
                raise ArgumentError(f"{fname}(): argument `{pname}` is a dict with the key {key!r}; s2sad "
                                    "differentiates with respect to dicts whose keys are strings.")
            new[key] = wrt_value(v, f"{pname}[{key!r}]", fname)
        return value if all(new[k] is value[k] for k in value) else new
    if isinstance(value, np.ndarray):
        value = plain_array(value, pname, fname)
        kind = value.dtype.kind
        if kind == "f" and value.dtype.char in REAL_CHARS:
            return value
        if kind in "iu":
            return value.astype(np.float64)
        what = {"b": "a boolean array", "c": "a complex array", "O": "an array of Python objects",
                "f": f"an array of {value.dtype}"}.get(kind, f"an array of dtype {value.dtype}")
        advice = ("Split it into real and imaginary parts (x.real, x.imag), one argument each" if kind == "c"
                  else "Pass x.astype(np.float64)")
        raise ArgumentError(f"{fname}(): argument `{pname}` is {what}; s2sad differentiates with respect to "
                            f"float64 (or float32) values. {advice}.")
    if isinstance(value, (bool, np.bool_)):
        raise ArgumentError(f"{fname}(): argument `{pname}` is a boolean ({value!r}); s2sad differentiates "
                            "with respect to real numbers: pass a float, or leave it out of wrt.")
    if isinstance(value, np.floating) and value.dtype.char not in REAL_CHARS:
        raise ArgumentError(f"{fname}(): argument `{pname}` is a {type(value).__name__} ({value!r}); s2sad "
                            "differentiates with respect to float64 (or float32) numbers: pass float(x).")
    if isinstance(value, (Real, np.integer, np.floating)):
        return float(value) if isinstance(value, (Integral, np.integer)) else value
    if isinstance(value, (complex, np.complexfloating)):
        raise ArgumentError(f"{fname}(): argument `{pname}` is complex ({value!r}); s2sad differentiates "
                            "real functions: split it into real and imaginary parts.")
    if isinstance(value, tuple) or type(value) is list:   # (an empty tuple too: `*args` given nothing)
        held = TupleArgument({i: wrt_value(v, f"{pname}[{i}]", fname) for i, v in enumerate(value)})
        held.kind = type(value) if hasattr(type(value), "_fields") or type(value) is list else tuple
        return held
    if record_args.is_dataclass_value(value):      # read by its fields, like a namedtuple
        items = record_args.dataclass_items(value, pname, fname)
        names = record_args.field_names(type(value))
        held = TupleArgument({i: wrt_value(v, f"{pname}.{names[i]}", fname) for i, v in enumerate(items)})
        held.kind = type(value)
        return held
    if isinstance(value, (tuple, list)):
        raise ArgumentError(f"{fname}(): argument `{pname}` is a {type(value).__name__}; s2sad differentiates "
                            "with respect to a float or a NumPy array: pass np.array(...), or one "
                            "argument per value.")
    raise ArgumentError(f"{fname}(): argument `{pname}` is {_a(value)}; s2sad differentiates with respect "
                        "to a float or a NumPy array of floats.")


REAL_CHARS = "fd"       # the float dtypes a differentiated value may have: float32, float64


def real_args(args, wrt_pos, params, fname, jit, keep=(), each=None):
    """``args`` with each differentiated one as ``wrt_value`` makes it (and ``for_jit`` under jit);
    values of the types ``keep`` pass as they are; ``each(i, new)`` sees every converted value
    (to refuse it) before the next is converted. The same tuple when nothing changes."""
    chars = "d" if jit else REAL_CHARS
    out = None
    for i in wrt_pos:
        a = args[i]
        if type(a) is float or (type(a) is np.ndarray and a.dtype.char in chars) or isinstance(a, keep):
            continue
        new = wrt_value(a, params[i], fname)
        if jit:
            new = for_jit(new)
        if each is not None:
            each(i, new)
        if new is not a:
            out = out or list(args)
            out[i] = new
    return args if out is None else tuple(out)


def for_jit(value):
    """A differentiated value as compiled code takes it: float32 arrays and scalars in float64
    (numba promotes float32 with a Python float to float64, so a float32 argument would make a
    variable change type, and rules are compiled for float64); anything else as it is."""
    if isinstance(value, np.ndarray) and value.dtype == np.float32:
        return value.astype(np.float64)
    if isinstance(value, np.float32):
        return float(value)
    return value


def describe(value):
    """A short description of ``value`` for messages: 'None', 'a `complex` (1j)', ..."""
    if isinstance(value, np.ndarray) and value.ndim:
        return f"an array of {value.dtype}"
    return _a(value)


def _a(value):
    return "None" if value is None else f"a `{type(value).__name__}` ({short_repr(value)})"


def short_repr(value):
    """``repr(value)`` cut to 40 characters, for messages."""
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def dout_value(dout, fname):
    """The head gradient of vjp: a real number or array (or a tuple of them), never None."""
    if isinstance(dout, tuple):
        return tuple(dout_value(d, fname) for d in dout)
    if dout is None or isinstance(dout, (str, bytes, dict, set)):
        raise ArgumentError(f"{fname}(): the head gradient `dout` (the last argument of a vjp) is "
                            f"{_a(dout)}; pass a float or an array shaped like the function's output.")
    if isinstance(dout, list):
        try:
            dout = np.asarray(dout, dtype=np.float64) if dout and not isinstance(dout[0], (tuple, list, np.ndarray)) \
                else np.asarray(dout)
        except (ValueError, TypeError):     # items of different shapes: not one array
            raise ArgumentError(f"{fname}(): the head gradient `dout` is a list whose items do not form one "
                                "array; for a function that returns a tuple pass a tuple (`(d1, d2)`), "
                                "otherwise an array shaped like the output.") from None
    if advice(dout, "dout"):
        raise ArgumentError(f"{fname}(): the head gradient `dout` is {advice(dout, 'dout')}.")
    kind = np.asarray(dout).dtype.kind
    if kind == "c":
        raise ArgumentError(f"{fname}(): the head gradient `dout` is complex; s2sad differentiates real functions.")
    if kind not in "biuf":
        raise ArgumentError(f"{fname}(): the head gradient `dout` is {_a(dout)}; pass a real number or array.")
    if isinstance(dout, np.ndarray) and dout.ndim == 0:    # a number, as every number's adjoint is: the
        return dout[()]     # sweep adds to it by rebinding (a 0-d array, the caller's, would change)
    return dout


def check_dout_shape(value, dout, fname):
    """``dout`` must have exactly the output's shape (a tuple for a tuple)."""
    if isinstance(value, tuple) != isinstance(dout, tuple) or (
            isinstance(value, tuple) and len(value) != len(dout)):
        want = f"a tuple of {len(value)}" if isinstance(value, tuple) else "a single value"
        raise ShapeError(f"{fname}(): the function returns {want}, so the head gradient `dout` must be "
                         f"{want} too; got {_describe_shape(dout)}.")
    for k, (v, d) in enumerate(zip(value, dout) if isinstance(value, tuple) else [(value, dout)]):
        if np.shape(v) != np.shape(d):
            where = f" (output {k})" if isinstance(value, tuple) else ""
            raise ShapeError(f"{fname}(): the head gradient `dout`{where} has shape {np.shape(d)}, but the "
                             f"output has shape {np.shape(v)}; pass a `dout` shaped like the output.")


def _describe_shape(x):
    return f"a tuple of {len(x)}" if isinstance(x, tuple) else f"a value of shape {np.shape(x)}"


ARRAY_MODES = ("vjp", "jvp", "jacobian")    # the modes whose function may return arrays and tuples


def check_output(value, mode, fname, where):
    """``value`` as the mode promises it: a real scalar for grad / value_and_grad; real
    numbers or arrays (or a tuple of them) for vjp and jvp. ``where()``: the located return line."""
    if mode not in ARRAY_MODES:
        if type(value) is float:
            return
        if isinstance(value, tuple):
            raise non_scalar(mode, fname, f"a tuple of {len(value)} values", where())
    for v in value if isinstance(value, tuple) and mode in ARRAY_MODES else (value,):
        check_real(v, mode, fname, where)
    if mode not in ARRAY_MODES and np.ndim(value) != 0:
        raise non_scalar(mode, fname, f"a value of shape {np.shape(value)}", where())


def check_real(v, mode, fname, where):
    if isinstance(v, (bool, np.bool_)) or not isinstance(v, (Real, np.integer, np.floating, np.ndarray)):
        what = "None" if v is None else f"a `{type(v).__name__}`"
        hint = ("Return a NumPy array (np.array(...)) or a tuple of values (with s2sad.vjp)."
                if isinstance(v, list) else "Return the real number (or array) to differentiate.")
        raise OutputTypeError(f"{where()}`{fname}` returned {what}; {mode} needs a real number"
                              f"{'' if mode not in ARRAY_MODES else ' or array'}. {hint}")
    if isinstance(v, np.ndarray) and v.dtype.kind == "b":     # np.greater(x, 0), a mask held in a name ...
        raise OutputTypeError(f"{where()}`{fname}` returned an array of bools (a comparison), which has no "
                              "derivative; return the real numbers it compares (or .astype(float) of it where a "
                              "0/1 value is meant, which has derivative 0).")
    if isinstance(v, np.ndarray) and v.dtype.kind not in "iuf":
        raise OutputTypeError(f"{where()}`{fname}` returned an array of dtype {v.dtype}; {mode} needs real "
                              "(float) values.")


def non_scalar(mode, fname, what, where=""):
    """The located refusal of a non-scalar output; ``where``: the return line, located."""
    return NonScalarOutputError(
        f"{where}`{fname}` returns {what}; {mode} needs a scalar output. Use "
        f"s2sad.vjp({fname})(*args, dout) with a head gradient `dout` shaped like the "
        "output (a tuple for a tuple), or reduce the output (e.g. np.sum) first.")


def check_returns(src):
    """Refuse, before building, a ``return`` whose value is visibly not a number or array
    (a literal that is not a number, or a name the function binds to a list)."""
    lists = _only_lists(src.tree)
    for node in returns(src.tree):
        v = node.value
        if isinstance(v, ast.Name) and v.id in lists:
            raise OutputTypeError(f"{locate(src, node)}`{src.name}` returns the list `{v.id}`; s2sad differentiates "
                                  f"functions returning a real number, an array or a tuple of them. Return "
                                  f"np.array({v.id}) (or np.stack) instead.")
        if _is_comparison(v):
            raise OutputTypeError(f"{locate(src, node)}`{src.name}` returns a comparison, which is a bool (or an "
                                  "array of bools) and has no derivative; return the real number it compares "
                                  "(or float(...) of it where a 0/1 value is meant, which has derivative 0).")
        if isinstance(v, (ast.List, ast.ListComp, ast.Dict, ast.Set, ast.JoinedStr)) or (
                isinstance(v, ast.Constant) and not isinstance(v.value, (int, float)) or
                isinstance(v, ast.Constant) and isinstance(v.value, bool)):
            what = {ast.List: "a list", ast.ListComp: "a list", ast.Dict: "a dict", ast.Set: "a set",
                    ast.JoinedStr: "a string"}.get(type(v)) or f"the constant {v.value!r}"
            raise OutputTypeError(f"{locate(src, node)}`{src.name}` returns {what}; s2sad differentiates "
                                  "functions returning a real number, an array or a tuple of them. Return "
                                  "np.array(...) or a tuple instead.")


def _is_comparison(v):
    """True when ``v`` is always a bool or bool array: a comparison, ``not ...``, or and/or of those."""
    if isinstance(v, ast.Compare) or isinstance(v, ast.UnaryOp) and isinstance(v.op, ast.Not):
        return True
    return isinstance(v, ast.BoolOp) and all(_is_comparison(e) for e in v.values)


def _only_lists(fdef):
    """Names every assignment of which (in ``fdef``) is a list literal."""
    kinds = {}
    for n in ast.walk(fdef):
        targets = n.targets if isinstance(n, ast.Assign) else [getattr(n, "target", None)] \
            if isinstance(n, (ast.AugAssign, ast.AnnAssign, ast.For)) else []
        for t in targets:
            for name in (e.id for e in ast.walk(t) if isinstance(e, ast.Name)) if t is not None else ():
                is_list = isinstance(n, ast.Assign) and isinstance(t, ast.Name) and \
                    isinstance(n.value, (ast.List, ast.ListComp))
                kinds[name] = kinds.get(name, True) and is_list
    return {name for name, only in kinds.items() if only}


def returns(fdef):
    """The function's own ``return`` statements (not those of nested definitions)."""
    out, todo = [], list(fdef.body)
    while todo:
        node = todo.pop(0)
        if isinstance(node, ast.Return):
            out.append(node)
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            todo.extend(ast.iter_child_nodes(node))
    return out


def return_line(func):
    """'File ..., line ..., column ...' and the quoted line of ``func``'s last return
    statement, or "" where its source cannot be read."""
    from .frontend.parsing import parse_function
    try:
        src = parse_function(func)
    except S2sadError:
        return ""
    rets = returns(src.tree)
    return locate(src, rets[-1]) if rets else ""


def copied(a):
    """``a`` with its arrays copied (nested in dicts, tuples and lists): a run of the user's
    function on it never writes the caller's arrays."""
    if isinstance(a, np.ndarray):
        return a.copy()
    if isinstance(a, dict):
        return {k: copied(v) for k, v in a.items()}
    if isinstance(a, (tuple, list)):
        return type(a)(copied(v) for v in a) if type(a) in (tuple, list) else a
    return a


def refuse_ambiguous_keyword(target, key, args, kwargs, call, what):
    """Refuse ``key=`` (``v=``, ``tangent=``, ``dout=``) when it names a parameter of the function
    that the positional arguments reach too: ``hvp(f)(x, v=d)`` for ``def f(v)`` reads either as
    ``f(v=d)`` in direction ``x`` or as ``f(x)`` in direction ``d``, and picking one is a guess."""
    params = target.signature.parameters
    if key not in kwargs or key not in params or params[key].kind is not params[key].POSITIONAL_OR_KEYWORD:
        return
    if len(args) > list(params).index(key):
        raise ArgumentError(
            f"{call}(): `{key}=` is ambiguous: `{target.name}` ({', '.join(target.visible)}) has a "
            f"parameter `{key}` that the positional arguments reach too, and `{key}=` also gives "
            f"{what}, so the call reads both ways. Pass `{target.name}`'s arguments positionally, "
            f"then {what} as the last positional argument.")


_OTHER_NAMES = {"argnums": "wrt", "argnum": "wrt", "maxiter": "steps", "max_iter": "steps",
                "learning_rate": "lr", "step_size": "lr"}   # JAX's, SciPy's and optimisers' words


def refuse_options(what, unknown, accepted, extra=(), instead=None):
    """A public entry point called with an option it does not have (``s2sad.grad(f, argnums=0)``,
    ``minimize(..., callback=cb)``) or with options given by position: an ``ArgumentError`` that
    names s2sad's own option, instead of Python's TypeError about an inner function. ``instead``:
    what to write instead, by option name (minimize's callback= and bounds=)."""
    options = ", ".join(f"{a}=" for a in accepted)
    if extra:
        raise ArgumentError(f"s2sad.{what}: {len(extra)} positional argument(s) too many "
                            f"({', '.join(short_repr(e) for e in extra)}); give the options by "
                            f"name ({options})")
    if unknown:
        name = min(unknown)
        hint = (f"s2sad's name for it is `{_OTHER_NAMES[name]}=`" if name in _OTHER_NAMES
                else f"its options are {options}")
        more = (instead or {}).get(name)
        raise ArgumentError(f"s2sad.{what}(..., {name}=...): {what} has no option `{name}`; {hint}"
                            + (f". {more}." if more else ""))
