"""Write a generated adjoint as a standalone module that needs only NumPy.

    >>> from s2sad.backends.export import export_source
    >>> text = export_source(f, wrt=(0, 1))      # or export(f, "f_grad.py", wrt=...)

The module holds the adjoint's source, the source of every Python helper it
calls (the ``s2sad.rules.runtime`` functions, transitively, and user functions),
imports for the modules it names (numpy, math; numba with ``jit=True``), the
numeric globals it reads as literals, and ``grad_F`` / ``value_and_grad_F``
wrappers that return what ``s2sad.grad`` / ``value_and_grad`` return.
Anything else it would need (an arbitrary object, a SciPy function, a closure)
is refused with an ``ExportError`` naming the global.
"""
import ast
import builtins
import inspect
import math
import os
import textwrap
import types

import numpy as np

from ..errors import S2sadError

MODULES = {"numpy": "np", "math": "math", "cmath": "cmath"}
LITERAL_MAX = 1000          # arrays up to this size are written as nested lists


class ExportError(S2sadError):
    """A global the adjoint uses cannot be written into a standalone module."""


def _is_jit(obj):
    return hasattr(obj, "py_func") and type(obj).__module__.startswith("numba")


class _Module:
    """Collects the definitions of the exported module, name by name."""

    def __init__(self, jit):
        self.jit = jit
        self.imports = {"numpy"} | ({"numba"} if jit else set())
        self.values, self.functions, self.bound = [], [], {}

    def bind(self, name, obj, where):
        if name in self.bound:
            if self.bound[name] is not obj:
                raise ExportError(f"the name `{name}` means two different objects in {where} "
                                  "and elsewhere; rename one of them to export")
            return
        if getattr(builtins, name, None) is obj:
            return
        self.bound[name] = obj
        if isinstance(obj, types.ModuleType):
            self.values.append(self._module(name, obj))
        elif _is_jit(obj) or isinstance(obj, types.FunctionType):
            self._function(name, obj)
        elif isinstance(obj, type) and obj.__module__.startswith("s2sad.rules.") and name == obj.__name__ \
                and not issubclass(obj, Exception):
            self.values.append(inspect.getsource(obj).rstrip() + "\n\n")  # a helper class (runtime.GradList)
        elif isinstance(obj, type) and issubclass(obj, Exception) and obj.__module__.startswith("s2sad"):
            # a run-time helper's refusal (NoDerivativeError): a plain exception of the same name
            self.values.append(f"class {name}(Exception):\n    \"\"\"{(obj.__doc__ or name).strip()}\"\"\"")
        else:
            self.values.append(f"{name} = {self._value(name, obj, where)}")

    def _module(self, name, mod):
        root = mod.__name__.split(".")[0]
        if root not in MODULES and not (self.jit and root == "numba"):
            raise ExportError(f"global `{name}` is the module `{mod.__name__}`; an exported "
                              "gradient may use only numpy and math")
        self.imports.add(mod.__name__)
        if name == mod.__name__:
            return f"import {name}"
        return f"import {mod.__name__} as {name}"

    def _value(self, name, obj, where):
        text = literal(obj)
        if text is None:
            text = self._library_function(obj)
        if text is None:
            raise ExportError(f"global `{name}` used by {where} is {_describe(obj)}, which cannot "
                              "be written into a standalone module (only numbers, numeric arrays, "
                              "numpy/math functions and Python functions can)")
        return text

    def _library_function(self, obj):
        fname = getattr(obj, "__name__", None)
        if not isinstance(fname, str):
            return None
        for path, mod in (("np", np), ("np.linalg", np.linalg), ("math", math)):
            if getattr(mod, fname, None) is obj:
                self.imports.add(path.replace("np", "numpy").split(".")[0])
                return f"{path}.{fname}"
        return None

    def _function(self, name, fn):
        py = fn.py_func if _is_jit(fn) else fn
        if py.__closure__:
            raise ExportError(f"`{name}` is a closure (it uses variables of an enclosing function); "
                              "define it at module level to export")
        try:
            text = textwrap.dedent(inspect.getsource(py))
        except (OSError, TypeError):
            raise ExportError(f"cannot read the source of the function `{name}`") from None
        tree = ast.parse(text).body[0]
        tree.decorator_list = []
        lines = text.splitlines()[tree.lineno - 1:]           # drop decorators
        head = lines[0].replace(f"def {py.__name__}(", f"def {name}(", 1)
        deco = []
        if _is_jit(fn):
            self.imports.add("numba")
            deco = [f"@numba.njit({_options(fn)})"]
        elif self.jit and fn.__module__ != "s2sad.rules.runtime":
            deco = ["@numba.njit"]
        self.functions.append("\n".join(deco + [head] + lines[1:]))
        where = f"`{name}`"
        for free in free_names(tree):
            if free in py.__globals__:
                self.bind(free, py.__globals__[free], where)
            elif not hasattr(builtins, free):
                raise ExportError(f"`{name}` uses the name `{free}`, which is not defined")

    def text(self, header):
        roots = {m.split(".")[0] for m in self.imports} - {"math", "cmath"}
        needs = " and ".join(sorted(roots, key=lambda m: (m != "numpy", m)))
        header = header.replace("{needs}", needs)
        imports = []
        for mod in sorted(self.imports):
            imports.append({"numpy": "import numpy as np"}.get(mod, f"import {mod}"))
        parts = [header, "\n".join(dict.fromkeys(imports))]
        values = [v for v in self.values if v not in imports]
        if values:
            parts.append("\n".join(values))
        return "\n\n\n".join(parts + self.functions) + "\n"


def _options(dispatcher):
    opts = {k: v for k, v in getattr(dispatcher, "targetoptions", {}).items()
            if k not in ("nopython", "boundscheck") and literal(v) is not None}
    return ", ".join(f"{k}={v!r}" for k, v in sorted(opts.items()))


def _describe(obj):
    return f"a `{type(obj).__module__}.{type(obj).__qualname__}` object"


def literal(obj):
    """Python source that rebuilds ``obj`` (numbers, numeric arrays, tuples...), or None."""
    if obj is None or isinstance(obj, (bool, int, str)):
        return repr(obj)
    if isinstance(obj, float):
        return repr(obj) if math.isfinite(obj) else f"float({str(obj)!r})"
    if isinstance(obj, complex):
        return f"complex({obj.real!r}, {obj.imag!r})" if not all(map(math.isfinite, (obj.real, obj.imag))) \
            else repr(obj)
    if isinstance(obj, np.generic) and obj.dtype.kind in "biufc":
        inner = literal(obj.item())
        return f"np.{obj.dtype.name}({inner})"
    if isinstance(obj, np.ndarray):
        return _array(obj)
    if isinstance(obj, (tuple, list)):
        items = [literal(o) for o in obj]
        if any(i is None and o is not None for i, o in zip(items, obj)):
            return None
        body = ", ".join(items) + ("," if isinstance(obj, tuple) and len(obj) == 1 else "")
        return f"({body})" if isinstance(obj, tuple) else f"[{body}]"
    return None


def _array(a):
    if a.dtype.kind not in "biufc":
        return None
    dtype = f"np.{a.dtype.name}"
    if a.size <= LITERAL_MAX and (a.dtype.kind not in "fc" or np.all(np.isfinite(a))):
        return f"np.array({a.tolist()!r}, dtype={dtype}).reshape({a.shape!r})"
    data = np.ascontiguousarray(a).tobytes().hex()
    return f"np.frombuffer(bytes.fromhex({data!r}), dtype={a.dtype.str!r}).reshape({a.shape!r}).copy()"


def free_names(fdef):
    """Names a function reads that it neither takes as parameters nor assigns."""
    local = {a.arg for a in ast.walk(fdef) if isinstance(a, ast.arg)}
    local |= {n.id for n in ast.walk(fdef) if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load)}
    local |= {n.name for n in ast.walk(fdef) if isinstance(n, (ast.FunctionDef, ast.ClassDef)) and n is not fdef}
    return list(dict.fromkeys(n.id for n in ast.walk(fdef) if isinstance(n, ast.Name)
                              and isinstance(n.ctx, ast.Load) and n.id not in local))


WRAPPERS = '''
def _as_grad(g, x):
    """Shape a gradient like its argument (a fresh array), as s2sad.grad does."""
    if isinstance(x, np.ndarray):
        return np.array(g, dtype=np.result_type(x.dtype, np.float64)).reshape(x.shape)
    return float(g) if np.ndim(g) == 0 else np.asarray(g)


def value_and_grad_{name}({sig}):
    """(value, gradient) of `{name}` with respect to {wrt_text}; as s2sad.value_and_grad."""
    value, *grads = {adjoint}({adjoint_args}{comma}1.0)
    if isinstance(value, tuple) or np.ndim(value) != 0:
        raise ValueError("{name} returned a non-scalar value: call {adjoint}(..., dout) with a "
                         "head gradient `dout` shaped like the output for a vector-Jacobian product")
    return value, {result}


def grad_{name}({sig}):
    """Gradient of `{name}` with respect to {wrt_text}; the same result as s2sad.grad."""
    return value_and_grad_{name}({args})[1]
'''


def _signature(func, params):
    """The wrapper's parameter list: ``func``'s parameters with their defaults as literals."""
    out = []
    for p in inspect.signature(func).parameters.values():
        if p.default is inspect.Parameter.empty:
            out.append(p.name)
            continue
        text = literal(p.default)
        if text is None:
            raise ExportError(f"the default value of parameter `{p.name}` ({_describe(p.default)}) "
                              "cannot be written into a standalone module")
        out.append(f"{p.name}={text}")
    return ", ".join(out) if [o.split("=")[0] for o in out] == list(params) else ", ".join(params)


def _adjoint_params(built):
    """The adjoint's parameters before ``dout``: the function's, then the globals it reads
    (bound as module-level values in the exported module, see s2sad.scopes)."""
    return list(built.params) + [name for name, _ in getattr(built, "data", ())]


def _wrappers(built, many, func):
    args = ", ".join(built.params)
    shaped = [f"_as_grad(grads[{i}], {p})" for i, p in enumerate(built.wrt)]
    result = shaped[0] if not many else "(" + ", ".join(shaped) + ("," if len(shaped) == 1 else "") + ")"
    adjoint_args = ", ".join(_adjoint_params(built))
    return WRAPPERS.format(name=built.name, args=args, comma=", " if adjoint_args else "", adjoint=built.raw.__name__,
                       adjoint_args=adjoint_args, result=result, sig=_signature(func, built.params),
                       wrt_text=", ".join(f"`{w}`" for w in built.wrt)).strip()


def export_source(func, wrt=0, jit=False, ranks=None):
    """The standalone module's source for the gradient of ``func`` (see module doc).

    ``ranks``: the number of dimensions of each argument (0 = scalar, None = any), as
    ``s2sad.grad`` specialises on the arguments of a call; by default any shape works."""
    from ..api import GradFunction
    gf = GradFunction(getattr(func, "func", func), getattr(func, "wrt", wrt), "grad")
    built = gf.build_for(tuple(ranks)) if ranks is not None else gf.built
    mod = _Module(jit)
    where = f"the adjoint of `{built.name}`"
    functions = ast.parse(built.source).body     # the adjoint, then the functions it calls
    own = {f.name for f in functions}
    for free in [n for f in functions for n in free_names(f) if n not in own] + [name for name, _ in built.data]:
        if free in built.namespace:
            mod.bind(free, built.namespace[free], where)
    adjoint = built.source.rstrip()
    if jit and len(functions) > 1:
        raise ExportError(f"--jit export of {where}: it calls generated functions of its own (a recursive "
                          "function's split adjoint); export without --jit")
    if jit:
        helpers = sorted(n for n, o in mod.bound.items() if getattr(o, "__module__", "") == "s2sad.rules.runtime")
        if helpers:
            raise ExportError(f"--jit export: the adjoint calls s2sad run-time helpers ({', '.join(helpers)}) "
                              "whose numba versions are not standalone; give argument ranks "
                              "(e.g. --ranks 0,0 for scalars) or export without --jit")
        adjoint = f"@numba.njit\n{adjoint}"
    mod.functions.append(adjoint)
    mod.functions.append(_wrappers(built, gf.many, gf.func))
    origin = os.path.basename(inspect.getsourcefile(gf.func) or "?")
    header = (f'"""Gradient of `{built.name}` (from {origin}) with respect to '
              f'{", ".join(built.wrt)}.\n\nGenerated by s2sad as a standalone module: it needs only '
              '{needs}.\n\n'
              f'    grad_{built.name}({", ".join(built.params)})\n'
              f'    value_and_grad_{built.name}({", ".join(built.params)})\n'
              f'    {built.raw.__name__}({", ".join(_adjoint_params(built))}, dout=1.0) -> (value, *gradients)\n"""')
    return mod.text(header)


def export(func, path, wrt=0, jit=False, ranks=None):
    """Write ``export_source(func, wrt, jit, ranks)`` to ``path``; return the text."""
    text = export_source(func, wrt, jit, ranks)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)
    return text
