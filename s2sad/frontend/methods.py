"""Methods of arrays as NumPy calls (used by :mod:`.anf`): ``x.sum(axis=0)`` is
``np.sum(x, axis=0)``, ``x.astype(T)`` is ``np.array(x, dtype=T)``, ``x.flatten()`` is
``np.copy(np.ravel(x))`` (a copy, where ``x.ravel()`` may be a view).

Invariant: the call written instead computes what the method computes in Python; a method
with no NumPy function of the same meaning is refused, located, never guessed.
"""
import ast
import collections
import difflib
import types

import numpy as np

from .. import astutil as A
from ..errors import METHOD_ADVICE, unsupported
from .calls import bind_arguments, method_clip_keywords
from .resolve import np_ref

METHODS = {  # method name -> numpy function taking the receiver first
    "sum": "np.sum", "mean": "np.mean", "prod": "np.prod", "max": "np.max", "min": "np.min",
    "dot": "np.dot", "transpose": "np.transpose", "copy": "np.copy", "ravel": "np.ravel",
    "flatten": "np.copy", "clip": "np.clip", "cumsum": "np.cumsum", "reshape": "np.reshape",
    "std": "np.std", "var": "np.var", "squeeze": "np.squeeze", "trace": "np.trace",
    "astype": "np.array", "item": None, "swapaxes": "np.swapaxes", "diagonal": "np.diagonal",
    "cumprod": "np.cumprod", "repeat": "np.repeat", "take": "np.take", "round": "np.round",
    "conj": None, "conjugate": None,
}
DRAW_ADVICE = ("Draw the numbers outside the differentiated function and pass them in "
               "(`noise = rng.normal(size=n)`, then `grad(f)(x, noise)`), or draw them with `np.random.normal(...)`, "
               "a generator read as a global, or one generator made in the function (`rng = "
               "np.random.default_rng(seed)`, one class per name) and passed to your helpers by that name: the "
               "gradient is then that of the numbers drawn in the same call.")
NONDIFF_METHODS = {"argmax", "argmin", "argsort", "nonzero", "any", "all", "astype_int",
                   "index", "count"}   # (a list, tuple or str's `.index(v)`, `.count(v)`: an int, whatever the items)
# methods only a string has (`name.startswith("W")` of a dict's key): a string or a truth, no derivative
STR_METHODS = frozenset(m for m in dir(str) if not m.startswith("_")) - set(dir(np.ndarray)) - set(dir(list))


NAMEDTUPLE_METHODS = frozenset(("_replace", "_asdict", "_make"))
DEQUE_METHODS = frozenset(m for m in dir(collections.deque) if not m.startswith("_")) - frozenset(dir(list))
NAMEDTUPLE_ADVICE = ("s2sad follows a namedtuple built in the function by calling its class (`p = Point(x=a, y=b)`), "
                     "read by its fields, and `q = p._replace(x=v)` of one: build it so, or build the new one from "
                     "the fields (`q = Point(x=v, y=p.y)`).")


GENERATOR_CLASSES = (np.random.default_rng, np.random.Generator, np.random.RandomState)


def generator_names(fdef, obj):
    """The locals of ``fdef`` that only ever hold a generator made in it, each with the class of
    generator it holds: every store to them is ``rng = np.random.default_rng(...)`` (or
    ``Generator``, ``RandomState``), all of one class; ``obj`` resolves a callee. A parameter
    holds one when this build is given a generator for it (``_s2sad_generator``: the build key
    records generator arguments, ``api_build.key_of``); other parameters' classes are not known."""
    made = {id(n.targets[0]): _made_class(obj(n.value.func)) for n in A.walk(fdef)
            if isinstance(n, ast.Assign) and len(n.targets) == 1 and isinstance(n.targets[0], ast.Name)
            and isinstance(n.value, ast.Call) and any(obj(n.value.func) is c for c in GENERATOR_CLASSES)}
    stores = [n for n in A.walk(fdef) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)]
    given = {a.arg: a._s2sad_generator for a in ast.walk(fdef.args)
             if isinstance(a, ast.arg) and getattr(a, "_s2sad_generator", None) is not None}
    params = {a.arg for a in ast.walk(fdef.args) if isinstance(a, ast.arg)} - set(given)
    other = {n.id for n in stores if id(n) not in made} | params
    classes = {name: {cls} for name, cls in given.items()}
    for n in stores:
        if id(n) in made and n.id not in other:
            classes.setdefault(n.id, set()).add(made[id(n)])
    return {name: next(iter(c)) if len(c) == 1 else None for name, c in classes.items()}


def _made_class(maker):
    return np.random.RandomState if maker is np.random.RandomState else np.random.Generator


_PROTOTYPES = {}


def generator_method(receiver, attr, generators, obj):
    """A bound method standing for ``rng.attr`` of a local ``rng`` holding a generator made in the
    function (``generators``: ``generator_names``), or of a generator made there and then
    (``np.random.default_rng(0).normal(size=3)``; ``obj`` resolves its maker), or None. A
    generator of the same class made here (never drawn from) gives it: the analyses then see a
    draw with no derivative rule, as for a generator read as a global, while the generated code
    calls the user's own generator."""
    if isinstance(receiver, ast.Call) and any(obj(receiver.func) is c for c in GENERATOR_CLASSES):
        cls = _made_class(obj(receiver.func))
    else:
        cls = generators.get(receiver.id) if isinstance(receiver, ast.Name) else None
    if cls is None or attr.startswith("_") or not callable(getattr(cls, attr, None)):
        return None
    if cls not in _PROTOTYPES:
        _PROTOTYPES[cls] = np.random.RandomState(0) if cls is np.random.RandomState else np.random.default_rng(0)
    return getattr(_PROTOTYPES[cls], attr)


def check_module_attribute(src, func, module):
    """Refuse ``mod.name(...)`` where ``mod`` is a module that has no attribute ``name`` (``np.trapz``
    in NumPy 2.4, a typo): Python raises AttributeError at that line; it is no method of an object."""
    if not isinstance(module, types.ModuleType):
        return
    shown = A.dotted_path(func.value)
    where = module.__name__ + (f" {module.__version__}" if isinstance(getattr(module, "__version__", None), str) else "")
    near = difflib.get_close_matches(func.attr, [n for n in dir(module) if not n.startswith("_")], n=3)
    hint = "; did you mean " + " or ".join(f"`{shown}.{n}`" for n in near) + "?" if near else "."
    raise unsupported(src, func, f"`{shown}.{func.attr}`: the module `{where}` has no attribute `{func.attr}` "
                      f"(Python raises AttributeError when this line runs)",
                      f"Call a function the module has{hint}")


def method_call(src, e, generators=frozenset()):
    """``x.sum(axis=0)`` -> ``np.sum(x, axis=0)``; ``x.astype(T)`` -> ``np.array(x, dtype=T)``.
    ``generators``: the locals known to hold a generator (``generator_names``)."""
    attr, receiver, keywords = e.func.attr, e.func.value, list(e.keywords)
    if attr not in METHODS and not any(hasattr(t, attr) for t in (np.ndarray, list, dict, tuple, set, str)):
        if isinstance(receiver, ast.Name) and receiver.id in generators:
            raise unsupported(src, e, f"the call `.{attr}()` of a random generator made in the function",
                              DRAW_ADVICE)
        if hasattr(np.random.Generator, attr) and not attr.startswith("_"):
            # an argument's class is not known here: a generator's method name, or an object's of the user
            raise unsupported(src, e, f"the call `.{attr}()` of a value made or passed in the function (a random "
                              f"generator's method, or a method of one of your own objects)",
                              f"If it is a generator: {DRAW_ADVICE} If it is your own object: {METHOD_ADVICE}")
        if attr in DEQUE_METHODS:
            raise unsupported(src, e, f"`.{attr}()`, a `collections.deque`'s method (s2sad follows a queue kept "
                              "in a list made by a display, not a deque)",
                              "Keep the queue in a list: `q = []`, `q.append(v)`, and `v = q.pop(0)` on a line "
                              "of its own.")
        if attr in NAMEDTUPLE_METHODS:
            raise unsupported(src, e, f"`.{attr}()`, a namedtuple's method, of a namedtuple not built in the "
                              "function (or built otherwise than by calling its class)", NAMEDTUPLE_ADVICE)
        foreign = getattr(src, "foreign_methods", {}).get(attr)     # (object_model.ClassModel)
        if foreign is not None:
            cls, module, name = foreign
            raise unsupported(src, e, f"the method call `.{attr}()` of a `{cls}` built in the function: the "
                              f"method, of module `{module}`, reads `{name}` from its module, which this "
                              f"function's module does not name the same (s2sad writes another module's methods "
                              f"into the function only when they read from their module just modules and "
                              f"builtins named the same here, such as `np`)",
                              f"Pass `{name}` to the method as an argument, or build the object at module level "
                              f"(`OBJ = {cls}(...)`, then `OBJ.{attr}(x)`: a global object's methods are read in "
                              f"their own module), or define the class in this module.")
        raise unsupported(src, e, f"the method call `.{attr}()` on one of your own objects", METHOD_ADVICE)
    if attr not in METHODS and getattr(e, "_s2sad_declined", None):     # a pop list_mutation left: why
        raise unsupported(src, e, *e._s2sad_declined)
    if attr == "tolist":      # a form frontend/tolist_values.py and lower_loops leave
        raise unsupported(src, e, "`.tolist()` here (s2sad follows `lst = x.tolist()` on a line of its own, "
                          "`.tolist()` of a name, and `for v in x.tolist():`, of an array the function computes)",
                          "Assign it to a name first (`lst = x.tolist()`); of an array of globals and constants "
                          "only, write the list itself (`[2, 0, 3]`) or index the array (`a[k]`).")
    if attr not in METHODS:
        instead = f"Call the NumPy function instead (`np.{attr}(x, ...)`)" if hasattr(np, attr) and callable(
            getattr(np, attr)) else "Compute it with NumPy functions"
        raise unsupported(src, e, f"the method `.{attr}()` on a value being differentiated",
                          f"{instead}, or compute it outside the differentiated function.")
    args = [receiver] + list(e.args)
    if attr in ("reshape", "transpose") and len(e.args) > 1:
        args = [receiver, ast.Tuple(elts=list(e.args), ctx=ast.Load())]
    if attr == "astype" and len(e.args) == 1:
        args, keywords = [receiver], [ast.keyword(arg="dtype", value=e.args[0])] + keywords
    keywords = method_clip_keywords(e.args, keywords) if attr == "clip" else keywords
    if attr == "flatten":     # a copy, never a view: np.copy(np.ravel(x, order))
        args, keywords = [A.at(ast.Call(func=np_ref("np.ravel"), args=args, keywords=keywords), e)], []
    if attr in ("item", "conj", "conjugate"):   # x.conj() of a real array: the array itself, not np.conjugate's copy
        fn = "item" if attr == "item" else "conj_method"
        node = A.name(fn)
        node._s2sad_obj = getattr(_runtime(), fn)
        return node, args, keywords
    return np_ref(METHODS[attr]), args, keywords


# NumPy 2's named results of np.linalg: `np.linalg.eigh(A).eigenvalues` is `np.linalg.eigh(A)[0]`.
# function -> (its parameters, the parameter and the constants with which it returns the named tuple, the fields)
RESULT_FIELDS = {
    np.linalg.eigh: (("a", "UPLO"), None, ("eigenvalues", "eigenvectors")),
    np.linalg.slogdet: (("a",), None, ("sign", "logabsdet")),
    np.linalg.qr: (("a", "mode"), ("mode", ("reduced", "complete")), ("Q", "R")),
    np.linalg.svd: (("a", "full_matrices", "compute_uv", "hermitian"), ("compute_uv", (True,)), ("U", "S", "Vh")),
}


def result_field(e, obj):
    """The position of the field ``e.attr`` of a named result read at once from its call
    (``np.linalg.slogdet(A).logabsdet``: 1), or None; ``obj`` resolves the call's function. A mode
    returning a plain array (``np.linalg.qr(A, mode='r')``) or a name holding the result: None."""
    call = e.value
    fn = obj(call.func) if isinstance(call, ast.Call) else None
    entry = next((v for k, v in RESULT_FIELDS.items() if fn is k), None)
    if entry is None or e.attr not in entry[2]:
        return None
    bound = bind_arguments(call, entry[0])
    if bound is None or entry[1] and entry[1][0] in bound and not (
            isinstance(bound[entry[1][0]], ast.Constant) and bound[entry[1][0]].value in entry[1][1]):
        return None
    return entry[2].index(e.attr)


def _runtime():
    from ..rules import runtime
    return runtime


def item_read(e):
    """``x.item(i)`` is ``np.ravel(x)[i]`` (a flat index) and ``x.item(i, j)`` or ``x.item((i, j))``
    is ``x[i, j]``: one element as a number, read as any element is; None for ``x.item()`` (the
    runtime's ``item``) or another form."""
    if not (isinstance(e.func, ast.Attribute) and e.func.attr == "item" and e.args) or e.keywords \
            or any(isinstance(a, ast.Starred) for a in e.args):
        return None
    x = e.func.value
    if len(e.args) == 1 and not isinstance(e.args[0], ast.Tuple):
        x = A.at(ast.Call(func=np_ref("np.ravel"), args=[x], keywords=[]), e)
        index = e.args[0]
    else:
        index = e.args[0] if len(e.args) == 1 else ast.Tuple(elts=list(e.args), ctx=ast.Load())
    return A.at(ast.Subscript(value=x, slice=index, ctx=ast.Load()), e)

