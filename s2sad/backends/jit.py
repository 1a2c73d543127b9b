"""``jit=True``: the generated adjoint compiled with numba (nopython mode).

    >>> g = s2sad.grad(f, wrt=(0, 1), jit=True)
    >>> g(x, y)                     # the numba-compiled adjoint, same results as jit=False
    >>> g.timings                   # where the first call's time went
    >>> gc = g.compiled             # a numba dispatcher: gc(x, y) -> (dx, dy)
    >>> @numba.njit
    ... def descend(x, y):
    ...     for _ in range(100):
    ...         dx, dy = gc(x, y)   # callable from your own njit code
    ...         x, y = x - 0.01 * dx, y - 0.01 * dy
    ...     return x, y

``g.compiled`` returns the gradient(s) only (a tuple iff ``wrt`` is a tuple);
for ``value_and_grad`` it returns ``(value, gradient(s))``, for ``vjp`` it
takes ``dout`` as its last argument. ``s2sad.backends.jit.compiled_for(g)`` is the same.
The first call of a jitted gradient compiles it for the argument types (or
loads it from the disk cache); ``g.timings`` then holds ``transform``,
``codegen``, ``first_call`` seconds and ``cache`` ('compiled' or 'loaded from disk').

How it works. The adjoint source (``g.source``, unchanged) is written, with
the imports it needs, to a module file in the cache directory
(``$S2SAD_CACHE_DIR``, else ``~/.cache/s2sad``) whose name is a hash of
everything that determines the compiled code: the source, the objects its
global names refer to, and the numba/NumPy/s2sad versions. The module is
imported with importlib and its functions are compiled with
``numba.njit(cache=True)``, so a second process loads the machine code from
disk instead of compiling it again. The run-time helpers the adjoint calls
(``unbroadcast``, ``sum_grad``, ...) have numba implementations in
:mod:`s2sad.backends.numba_runtime`. The same module also holds small drivers:
``grad``/``value_and_grad``/``vjp`` wrappers (``compiled_for``) and the
fused descent loops of :func:`s2sad.minimize`.

Globals and closure variables the function reads are parameters of the
adjoint (see :mod:`s2sad.scopes`): calls from Python pass their current values,
so nothing is frozen. The drivers and descent loops, called from numba code,
reach the adjoint through ``_s2sad_frozen``, which passes the module's copies
of those values (frozen when numba compiles, as in any numba function; they
are part of the cache key). User helper functions the adjoint still calls are
compiled with ``numba.njit``.

When numba cannot compile the adjoint, :class:`JitError` says which line of
the generated adjoint failed, the line of your function it came from, which
variable and which types, and suggests ``jit=False``. numba's own error is
kept as ``__cause__``.
"""
import hashlib
import importlib.util
import inspect
import os
import re
import sys
import tempfile
import threading
import time
import types

import numpy as np

from ..rules import runtime
from ..errors import S2sadError

__all__ = ["JitError", "JitBuilt", "jit_built", "compiled_for", "cache_dir"]

_LOCK = threading.RLock()
_MODULES = {}           # cache key -> loaded module (one per process)
_HELPER_JIT = {}        # user helper function -> numba dispatcher


class JitError(S2sadError):
    """numba could not compile a generated adjoint (use ``jit=False``)."""


def cache_dir():
    """Directory for generated modules and numba's on-disk cache."""
    path = os.environ.get("S2SAD_CACHE_DIR") or os.path.join(os.path.expanduser("~"), ".cache", "s2sad")
    try:
        os.makedirs(path, exist_ok=True)
        if os.access(path, os.W_OK):
            return path
    except OSError:
        pass
    path = os.path.join(tempfile.gettempdir(), f"s2sad-cache-{os.getuid() if hasattr(os, 'getuid') else 0}")
    os.makedirs(path, exist_ok=True)
    return path


# ----------------------------------------------------------------- module text
_RUNTIME_NAMES = {name for name, obj in vars(runtime).items()
                  if isinstance(obj, types.FunctionType) and obj.__module__ == runtime.__name__}


def _describe(obj):
    """A stable description of a global object, for the cache key."""
    if isinstance(obj, types.ModuleType):
        return f"module {obj.__name__}"
    if isinstance(obj, (bool, int, float, complex, str, type(None))):
        return f"const {type(obj).__name__} {obj!r}"
    if isinstance(obj, np.ndarray):
        return f"array {obj.dtype} {obj.shape} {hashlib.sha1(np.ascontiguousarray(obj).tobytes()).hexdigest()}"
    if isinstance(obj, np.generic):
        return f"npconst {obj.dtype} {obj!r}"
    if isinstance(obj, types.FunctionType) and obj.__module__ not in (runtime.__name__,):
        try:
            text = inspect.getsource(obj)
        except (OSError, TypeError):
            text = repr(obj.__code__.co_code)
        return f"function {obj.__module__}.{obj.__qualname__} {hashlib.sha1(text.encode()).hexdigest()}"
    mod = getattr(obj, "__module__", None)
    qual = getattr(obj, "__qualname__", None) or getattr(obj, "__name__", None)
    if mod and qual:
        return f"object {mod}.{qual}"
    return f"other {type(obj).__module__}.{type(obj).__qualname__} {id(obj)}"


def _importable(obj):
    """``(module, attr)`` if ``obj`` is reachable as ``module.attr``, else None."""
    mod = getattr(obj, "__module__", None)
    name = getattr(obj, "__name__", None)
    if isinstance(obj, types.BuiltinFunctionType) and mod == "builtins":
        return None      # builtins need no import
    if not mod or not name or mod == "__main__":
        return None
    try:
        if getattr(sys.modules[mod], name) is obj:
            return mod, name
    except (KeyError, AttributeError):
        pass
    return None


_VERSION_TEXT = None


def _versions():
    global _VERSION_TEXT
    if _VERSION_TEXT is None:
        import numba
        here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        parts = [f"numba {numba.__version__}", f"numpy {np.__version__}", f"python {sys.version}"]
        from .numba_rules_base import FILES
        for fname in ("backends/numba_runtime.py", "rules/runtime.py", "backends/jit.py", "tools/optim.py",
                      *(f"backends/{f}" for f in FILES)):
            with open(os.path.join(here, fname), "rb") as fh:
                parts.append(hashlib.sha1(fh.read()).hexdigest())
        _VERSION_TEXT = "\n".join(parts)
    return _VERSION_TEXT


def _free_name(base, params):
    """``base``, or ``base_``, ``base__``...: a driver's own name that is none of the function's
    parameters (generated names never collide with the user's)."""
    name = base
    while name in params:
        name += "_"
    return name


def _driver_source(adj, params, wrt, n_outputs):
    """grad / value_and_grad / vjp wrappers around the adjoint, for use from njit code."""
    args = ", ".join(params)
    dout, r = _free_name("dout", params), _free_name("r", params)
    grads = [f"{r}[{k + 1}]" for k in range(len(wrt))]
    many = ", ".join(grads) + ("," if len(grads) == 1 else "")
    one = grads[0] if len(grads) == 1 else f"({many})"
    out = []
    for kind, result in [("grad", one), ("grad_tuple", f"({many})")]:
        out.append(f"def _s2sad_{kind}({args}):\n    {r} = _s2sad_adjoint({args}, 1.0)\n"
                   f"    return {result}\n")
    for kind, result in [("value_and_grad", f"{r}[0], {one}"), ("value_and_grad_tuple", f"{r}[0], ({many})")]:
        out.append(f"def _s2sad_{kind}({args}):\n    {r} = _s2sad_adjoint({args}, 1.0)\n"
                   f"    return {result}\n")
    for kind, result in [("vjp", one), ("vjp_tuple", f"({many})")]:
        out.append(f"def _s2sad_{kind}({args}, {dout}):\n    {r} = _s2sad_adjoint({args}, {dout})\n"
                   f"    return {result}\n")
    return "\n\n".join(out)


def _frozen_data_source(built):
    """The adjoint takes the globals it reads as parameters (see s2sad.scopes); drivers and
    descent loops call it through this shim, which passes the module's values of them
    (frozen when numba compiles, like any global of a numba function)."""
    if not built.data:
        return ""
    dout = _free_name("dout", list(built.params) + [name for name, _ in built.data])
    params = ", ".join(list(built.params) + [dout])
    passed = ", ".join(list(built.params) + [name for name, _ in built.data] + [dout])
    return f"\n\n\ndef _s2sad_frozen({params}):\n    return _s2sad_live({passed})\n"


class _Module:
    """One generated module file: the adjoint, its drivers, and their dispatchers."""

    def __init__(self, built, key, path, module, header_lines, adj_name):
        self.built, self.key, self.path, self.module = built, key, path, module
        self.header_lines, self.adj_name = header_lines, adj_name
        self.dispatchers = {}

    def njit(self, name):
        """The ``numba.njit(cache=True)`` dispatcher of module function ``name``."""
        with _LOCK:
            if name not in self.dispatchers:
                import numba
                fn = getattr(self.module, name)
                self.dispatchers[name] = numba.njit(cache=True)(fn)
                if name == self.adj_name:
                    self.module._s2sad_adjoint = self.dispatchers[name]
                    if self.built.data:     # drivers and descent loops: the frozen data shim
                        self.module._s2sad_live = self.dispatchers[name]
                        self.module._s2sad_adjoint = self.njit("_s2sad_frozen")
            return self.dispatchers[name]


def _load_module(built, empty_tapes=()):
    """Write (if needed) and import the module holding ``built``'s adjoint.
    ``empty_tapes``: tape lists never appended to in compiled code (see _recover)."""
    adj_name = re.search(r"^def (\w+)\(", built.source, re.M).group(1)
    from . import numba_runtime  # noqa: F401  (registers the numba helpers before compiling)
    imports, inject, subs = {}, {}, {}
    source = built.source
    for name, obj in sorted(built.namespace.items()):
        if obj is np:   # np.matmul(...) -> numba_runtime.matmul(...) (same line numbers); see SUBSTITUTES
            for attr, sub in (("matmul", "_s2sad_matmul"), ("array", "_s2sad_array"), ("copy", "_s2sad_copy"),
                              ("stack", "_s2sad_stack")):
                source = re.sub(rf"\b{re.escape(name)}\.{attr}\(", f"{sub}(", source)
        if _substitute(obj) is not None:
            subs[name] = _substitute(obj)
            continue
        if isinstance(obj, types.ModuleType):
            if obj.__name__ == name:
                imports[name] = f"import {name}"
            else:
                imports[name] = f"import {obj.__name__} as {name}"
            continue
        where = _importable(obj)
        if where and not (isinstance(obj, types.FunctionType) and where[0] not in
                          (runtime.__name__,) and not where[0].startswith("numpy")):
            mod, attr = where
            imports[name] = f"from {mod} import {attr}" + (f" as {name}" if attr != name else "")
            continue
        if isinstance(obj, types.BuiltinFunctionType) and getattr(obj, "__module__", "") == "builtins" \
                and obj.__name__ == name:
            continue
        if isinstance(obj, type) and obj.__module__ == "builtins" and obj.__name__ == name:
            continue
        inject[name] = obj
    source = _index_lists_as_arrays(source)
    for tape in sorted(empty_tapes):          # a typed empty list, same line numbers
        source = re.sub(rf"^(\s*){tape} = \[\]\s*$", rf"\g<1>{tape} = [0.0][:0]", source, flags=re.M)
    header = ["# Generated by s2sad for jit=True: the adjoint of "
              f"`{built.name}` and numba drivers around it.",
              "# Safe to delete: s2sad writes it again. Names used below that are not imported",
              "# here (your helper functions, constants) are set by s2sad.backends.jit when it loads the file.",
              "import numpy as np",
              "import s2sad.backends.numba_runtime  # noqa: F401  (numba versions of the helpers)",
              "from s2sad.rules.runtime import zeros_like as _s2sad_zeros_like",
              "from s2sad.backends.numba_runtime import array as _s2sad_array, copy as _s2sad_copy, "
              "matmul as _s2sad_matmul, stack as _s2sad_stack"]
    header += sorted(set(imports.values()) - set(header))
    header += ["", "", ""]
    body = source.rstrip() + "\n\n\n" + _driver_source(adj_name, built.params, built.wrt,
                                                             built.n_outputs)
    body += _frozen_data_source(built)
    if list(built.wrt) == list(built.params[:1]) and built.n_outputs == 1:
        from ..tools.optim import all_loops_source
        body += "\n\n" + all_loops_source(len(built.params) - 1)
    text = "\n".join(header) + body
    desc = "\n".join(f"{k} = {_describe(v)}" for k, v in sorted(built.namespace.items()))
    key = hashlib.sha1((text + "\n" + desc + "\n" + _versions()).encode()).hexdigest()[:20]
    with _LOCK:
        if key in _MODULES:
            return _MODULES[key]
        directory = cache_dir()
        safe = re.sub(r"\W", "_", built.name)[:40]
        path = os.path.join(directory, f"{safe}_{key}.py")
        if not os.path.exists(path):
            tmp = f"{path}.{os.getpid()}.tmp"
            with open(tmp, "w") as fh:
                fh.write(text)
            os.replace(tmp, path)
        modname = f"s2sad_jit_{safe}_{key}"
        spec = importlib.util.spec_from_file_location(modname, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[modname] = module
        spec.loader.exec_module(module)
        for name, obj in inject.items():
            setattr(module, name, _njit_helper(obj))
        for name, obj in subs.items():            # numba_runtime versions, used as they are
            setattr(module, name, obj)
        mod = _Module(built, key, path, module, len(header) - 1, adj_name)
        _MODULES[key] = mod
        return mod


_INT_LIST = re.compile(r"^(\s*)(t\d+) = (\[\s*-?\d+(?:\s*,\s*-?\d+)*\s*,?\s*\])\s*$", re.M)


def _index_lists_as_arrays(source):
    """``t1 = [0, 2]`` used only as an index (``y[t1]``) -> ``t1 = np.array([0, 2])``:
    numba indexes with integer arrays but not with lists. Same line numbers."""
    for m in list(_INT_LIST.finditer(source)):
        name = m.group(2)
        uses = re.findall(rf"(.)\b{name}\b(.)", source)
        if all(before == "[" and after == "]" for before, after in uses[1:]) and len(uses) > 1:
            source = source.replace(m.group(0), f"{m.group(1)}{name} = np.array({m.group(3)})", 1)
    return source


def _substitute(obj):
    from .numba_runtime import SUBSTITUTES
    try:
        return SUBSTITUTES.get(obj)
    except TypeError:
        return None


def _njit_helper(obj):
    """User Python functions called from the adjoint must be numba functions too."""
    if not isinstance(obj, types.FunctionType) or hasattr(obj, "py_func"):
        return obj
    with _LOCK:
        if obj not in _HELPER_JIT:
            import numba
            glb = dict(obj.__globals__)
            clone = types.FunctionType(obj.__code__, glb, obj.__name__, obj.__defaults__, obj.__closure__)
            _HELPER_JIT[obj] = numba.njit(clone)
            for name in obj.__code__.co_names:
                val = glb.get(name)
                if isinstance(val, types.FunctionType) and val.__module__ not in (runtime.__name__,) \
                        and not val.__module__.startswith("numpy"):
                    glb[name] = _njit_helper(val)
        return _HELPER_JIT[obj]


# ----------------------------------------------------------------- errors
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


_IDENT = re.compile(r"[A-Za-z_]\w*")
_TEMP = re.compile(r"^(t|c|b|tape|n_iter|value)(_\w*|\d+)?$")


def _a(typename):
    return ("an " if typename[:1] in "aeiou" else "a ") + typename


def _user_line(src_lines, gen_line, var):
    """The line(s) of the user's function behind generated line ``gen_line``, from the
    ``# <original line>`` comments the generated code carries."""
    comments = [ln.strip()[1:].strip() for ln in src_lines if ln.strip().startswith("#")]
    if var:
        assigns = [c for c in comments if re.match(rf"{re.escape(var)}\s*([-+*/@]|\*\*)?=[^=]", c)]
        if assigns:
            return list(dict.fromkeys(assigns))[:3]
    if gen_line is None:
        return []
    for k in range(gen_line - 2, -1, -1):      # reverse sweep: the comment above
        s = src_lines[k].strip()
        if s.startswith("#"):
            return [s[1:].strip()]
        if s.startswith(("def ", "for ", "while ", "if ", "else")) or "tape_" in s:
            break
    # forward sweep: the comment sharing most names with the generated line
    words = {w for w in _IDENT.findall(src_lines[gen_line - 1]) if not _TEMP.match(w)}
    best, score = None, 0
    for c in comments:
        n = len(words & set(_IDENT.findall(c)))
        if n > score:
            best, score = c, n
    return [best] if best else []


def _explain(mod, err, label):
    """A JitError in the user's terms for numba error ``err``."""
    text = _ANSI.sub("", str(err))
    src_lines = mod.built.source.splitlines()
    gen_line = None
    for m in re.finditer(r'File "([^"]+)", line (\d+)', text):
        if os.path.basename(m.group(1)) == os.path.basename(mod.path):
            n = int(m.group(2)) - mod.header_lines
            gen_line = n if 1 <= n <= len(src_lines) else None
    out = [f"numba could not compile {label} of `{mod.built.name}` (jit=True)."]
    var = None
    m = re.search(r"Cannot unify (.+?) and (.+?) for '([^'.]+)(?:\.\d+)?'", text)
    if m:
        var = m.group(3)
    if gen_line is not None:
        out.append(f"  generated adjoint, line {gen_line}:  {src_lines[gen_line - 1].strip()}")
    for k, line in enumerate(_user_line(src_lines, gen_line, var)):
        out.append(f"  {'from your code:' if k == 0 else '':<32}{line}")
    if m:
        out.append(f"  variable `{var}` holds {_a(m.group(1))} in one place and {_a(m.group(2))} in "
                   "another; numba needs one type per variable.")
    m2 = re.search(r"Untyped global name '([^']+)'(?:[^\n]*?Numba type of <class '([^']+)'>)?", text)
    if m2 and m2.group(1) in _RUNTIME_NAMES:
        out.append(f"  s2sad's run-time helper `{m2.group(1)}` has no numba version yet "
                   "(s2sad/backends/numba_runtime.py).")
    elif m2:
        out.append(f"  `{m2.group(1)}` is not something numba can compile"
                   + (f" (an object of class {m2.group(2)})" if m2.group(2) else "") + ".")
    m3 = re.search(r"Unknown attribute '([^']+)' of type (.+?)\n", text)
    if m3:
        what = m3.group(2).strip()
        what = re.sub(r"Module\(<module '([^']+)'.*", r"module `\1`", what)
        out.append(f"  numba does not support `{m3.group(1)}` of {what}.")
    m4 = re.search(r"No implementation of function (.+?) found for signature:\s*\n\s*>>> ([^\n]+)", text)
    if m4:
        out.append(f"  numba has no implementation of the call {m4.group(2).strip()}.")
    m5 = re.search(r"non-precise type ([^\n]+)", text)
    if m5:
        out.append(f"  an argument has a type numba cannot compile for: {m5.group(1).strip()}.")
    if not (m or m2 or m3 or m4 or m5):
        first = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("During")]
        out.append("  numba says: " + " / ".join(first[:3])[:400])
    out.append("Use jit=False to run the pure-Python adjoint (print `.source` to read it; the "
               f"compiled file is {mod.path}).")
    return JitError("\n".join(out))


def _numba_errors():
    from numba.core.errors import NumbaError
    return (NumbaError,)


# ----------------------------------------------------------------- the jitted Built
class _JitAdjoint:
    """``adjoint(*params, dout=1.0)``: calls the numba dispatcher, records first-call
    (compile or cache-load) time per signature, and turns numba errors into JitError."""

    def __init__(self, jb):
        self._jb = jb
        self._disp = None

    @property
    def dispatcher(self):
        if self._disp is None:
            self._disp = self._jb.module.njit(self._jb.module.adj_name)
        return self._disp

    def __call__(self, *args, **kwargs):
        disp = self._disp or self.dispatcher
        if disp.overloads:
            try:
                return disp(*args, **kwargs)
            except _numba_errors() as err:
                return self._recover(err, args, kwargs)
        return self._first(disp, args, kwargs)

    def _first(self, disp, args, kwargs):
        t0 = time.perf_counter()
        try:
            result = disp(*args, **kwargs)
        except _numba_errors() as err:
            result = self._recover(err, args, kwargs)
        dt = time.perf_counter() - t0
        hits = sum((self._disp or disp).stats.cache_hits.values())
        self._jb.timings.setdefault("first_call", dt)
        self._jb.timings["cache"] = "loaded from disk" if hits else "compiled"
        return result

    def _recover(self, err, args, kwargs):
        """A tape list whose appends numba pruned as dead code (a branch on a module
        constant) has no element type; give those lists a dummy type and retry."""
        jb = self._jb
        for _ in range(50):
            names = set(_UNTYPED_TAPE.findall(_ANSI.sub("", str(err))))
            if not names or names <= jb.empty_tapes:
                raise _explain(jb.module, err, "the adjoint") from err
            jb.empty_tapes |= names
            jb.module = _load_module(jb.base, jb.empty_tapes)
            jb.path = jb.module.path
            self._disp = None
            try:
                return self.dispatcher(*args, **kwargs)
            except _numba_errors() as again:
                err = again
        raise _explain(jb.module, err, "the adjoint") from err


_UNTYPED_TAPE = re.compile(r"Cannot infer the type of variable '(tape_\w+?)(?:\.\d+)?', have imprecise type")


class JitBuilt:
    """A ``pipeline.Built`` whose ``.function`` runs the numba-compiled adjoint.

    ``source`` is the readable adjoint (unchanged); ``python_function`` the
    pure-Python one; ``timings`` a dict of seconds (``codegen``: write/import
    the module, ``first_call``: numba compile or cache load plus one run;
    ``cache``: whether the machine code came from disk); ``path`` the
    generated module file; ``compiled`` a numba dispatcher computing only the
    gradient(s), callable from ``@numba.njit`` code.
    """

    def __init__(self, built):
        t0 = time.perf_counter()
        self.base = built
        for field in ("name", "source", "params", "wrt", "n_outputs", "namespace", "filename", "data", "guard"):
            setattr(self, field, getattr(built, field))
        self.python_function = built.function
        self.timings = dict(getattr(built, "timings", None) or {})
        self.empty_tapes = set()
        self.module = _load_module(built)
        self.path = self.module.path
        self.function = self.raw = _JitAdjoint(self)
        if self.guard is not None:         # (*params, dout): guarded, with the current globals (s2sad.scopes)
            from ..scopes import live
            self.function = live(self)
        self.timings["codegen"] = time.perf_counter() - t0

    @property
    def dispatcher(self):
        """The numba dispatcher of the adjoint itself (``(value, *grads)``)."""
        return self.raw.dispatcher

    def driver(self, kind):
        """Dispatcher of a driver: 'grad', 'value_and_grad', 'vjp' (+ '_tuple')."""
        self.dispatcher                     # binds _s2sad_adjoint in the module
        return self.module.njit(f"_s2sad_{kind}")

    @property
    def compiled(self):
        """numba dispatcher ``(*params) -> gradient`` (a tuple if several wrt)."""
        return self.driver("grad")

    def __repr__(self):
        return f"<s2sad JitBuilt {self.name} wrt {self.wrt} at {self.path}>"


def jit_built(built):
    """Compile ``built`` (a ``pipeline.Built``) with numba; returns a ``JitBuilt``."""
    if isinstance(built, JitBuilt):
        return built
    return JitBuilt(built)


def compiled_for(gf):
    """The numba dispatcher behind GradFunction ``gf`` (made with ``jit=True`` or not):
    ``grad``: ``(*args) -> gradient(s)``; ``value_and_grad``: ``(*args) -> (value, gradient(s))``;
    ``vjp``: ``(*args, dout) -> gradient(s)``. A tuple of gradients iff ``wrt`` was a tuple,
    as for ``gf`` itself. Call it from your own ``@numba.njit`` functions."""
    jb = gf.built if isinstance(gf.built, JitBuilt) else jit_built(gf.built)
    return jb.driver(gf.mode + ("_tuple" if gf.many else ""))


def clear_memory_cache():
    """Forget loaded modules (tests use it to check the on-disk cache)."""
    with _LOCK:
        _MODULES.clear()
