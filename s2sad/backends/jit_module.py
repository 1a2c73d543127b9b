"""The generated module numba compiles: written once per content, imported, cached.

The module holds the adjoint (the ``jit`` stage's output) and its drivers
(:mod:`s2sad.backends.drivers`); for adjoints wrt their first parameter, the
descent loops of :func:`s2sad.minimize` go in modules of the same kind (one per update rule),
written when ``minimize`` first asks (``JitBuilt.descent_module_for``). Its file name is a hash of
everything that decides the compiled code (the text, the objects its global
names refer to, the numba/NumPy/Python versions, numba's optimisation level and s2sad's backend sources)
and lives in the cache directory (``$S2SAD_CACHE_DIR``, else
``~/.cache/s2sad``), so numba's ``cache=True`` finds the machine code of a
previous process next to it. Names the text uses but does not import (the
user's helper functions, constants) are set on the module after import.
"""
import ast
import hashlib
import importlib.util
import inspect
import os
import re
import sys
import tempfile
import threading
import types

import numpy as np

from .. import astutil as A
from ..rules import runtime
from . import drivers, emit, first_try, jit_failed_cache, outline  # noqa: F401  (drivers: the generated modules import it)
from .numba_lower import type_empty_tapes

BOUNDSCHECK = True      # IndexError out of range, as in Python; measured cost 0-14% (README)
LOCK = threading.RLock()
_MODULES = {}           # cache key -> loaded module (one per process)
_HELPER_JIT = {}        # user helper function -> numba dispatcher

RUNTIME_NAMES = {name for name, obj in vars(runtime).items()
                 if isinstance(obj, types.FunctionType) and obj.__module__ == runtime.__name__}


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
    if isinstance(obj, tuple):     # numba freezes a tuple's items (a namedtuple's class and fields too)
        cls = type(obj)
        return f"tuple {cls.__module__}.{cls.__qualname__} {getattr(cls, '_fields', '')} " \
            f"({', '.join(_describe(v) for v in obj)})"
    if isinstance(obj, types.FunctionType) and obj.__module__ != runtime.__name__:
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

        from .numba_helpers import numba_runtime
        here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        parts = [f"numba {numba.__version__}", f"numpy {np.__version__}", f"python {sys.version}",
                 f"LLVM optimisation level {int(numba.config.OPT)}"]  # NUMBA_OPT: other machine code
        rules = sorted(f"rules/{f}" for f in os.listdir(os.path.join(here, "rules"))   # the helpers whose Python
                       if f.endswith(".py") and f.startswith(("runtime", "tangent_runtime")))  # bodies numba compiles too
        files = [f"backends/{f}" for f in numba_runtime.FILES] + rules + [
            "rules/ties.py", "rules/schedule.py", "backends/jit_module.py", "backends/drivers.py",
            "backends/live.py", "backends/boxing.py", "tools/optim.py", "tools/descent.py"]
        for fname in files:
            with open(os.path.join(here, fname), "rb") as fh:
                parts.append(hashlib.sha1(fh.read()).hexdigest())
        _VERSION_TEXT = "\n".join(parts)
    return _VERSION_TEXT


SCHEDULE = "s2sad.rules.schedule"   # checkpointing schedules: numba versions registered on import


class Module:
    """One generated module file: the adjoint, its drivers, and their dispatchers."""

    def __init__(self, key, path, module, header_lines, source, adj_name, cache=True):
        self.key, self.path, self.module, self.cache = key, path, module, cache
        self.header_lines, self.source, self.adj_name = header_lines, source, adj_name
        self.dispatchers = {}
        self.try_name = first_try.PREFIX + adj_name      # the checking path's first try, if the module has it
        if not hasattr(module, self.try_name):
            self.try_name = None

    def njit(self, name):
        """The ``numba.njit(cache=True, boundscheck=True)`` dispatcher of module function
        ``name``. Every function the module defines is replaced by its dispatcher in the
        module, so that they call each other compiled. Indexing out of range raises
        IndexError, as with jit=False (BOUNDSCHECK)."""
        with LOCK:
            if not self.dispatchers:
                import numba
                for fname, fn in sorted(vars(self.module).items()):
                    if isinstance(fn, types.FunctionType) and fn.__module__ == self.module.__name__:
                        self.dispatchers[fname] = jit_failed_cache.remembering(
                            numba.njit(boundscheck=BOUNDSCHECK, **_options(fname, self.cache))(fn))
                        setattr(self.module, fname, self.dispatchers[fname])
            return self.dispatchers[name]


def _options(fname, cache):
    """numba options of module function ``fname``. A shared fallback (:mod:`.outline`) is called
    only from the adjoint, whose machine code (disk cache included) holds its code: no cache file
    of its own. Its compile flags are the adjoint's: numba keys the implementations of its
    overloads (s2sad's helpers, NumPy's) by the calling function's flags, so a fallback compiled
    without wrappers compiled every helper it shares with the adjoint a second time (GMM:
    ``sum_grad``, ``unbroadcast``, ``add_into``...), more than the wrappers cost.
    No function here gets numba's C-callable wrapper (``no_cfunc_wrapper``, the same for all, so
    they still share those implementations): Python calls them through the CPython wrapper, numba
    code (drivers, descent loops, the user's ``@njit`` code calling ``g.compiled``) directly, and
    nothing takes a C address; building and optimising that wrapper was about a fifth of the
    CPU time of compiling the adjoint of x**2 + y**2 (9 of 50 ms), and of each overload it calls.
    ``g.compiled``'s drivers (``drivers.KINDS``) are inlined by numba into the numba code calling
    them (``inline='always'``; compiled as usual when Python calls them): a driver compiled on its
    own optimised the adjoint's machine code once more in its library before the caller's did
    (linreg GD's loop calling ``g.compiled``: 0.25 of 1.85 s of its first call)."""
    if fname.startswith(outline.PREFIX):
        return {"cache": False, "no_cfunc_wrapper": True}
    if fname in _INLINED:
        return {"cache": cache, "no_cfunc_wrapper": True, "inline": "always"}
    return {"cache": cache, "no_cfunc_wrapper": True}


_INLINED = {drivers.driver_name(kind) for kind in drivers.KINDS}


def _sort_globals(namespace):
    """Split the adjoint's globals into import lines and objects set after import: functions
    with numba overloads (s2sad's run-time helpers and backend stand-ins) and NumPy's are
    imported, other Python functions (the user's, s2sad's rule checks) are compiled with
    ``numba.njit`` and set."""
    imports, inject = {}, {}
    for name, obj in sorted(namespace.items()):
        if isinstance(obj, types.ModuleType):
            imports[name] = f"import {name}" if obj.__name__ == name else f"import {obj.__name__} as {name}"
            continue
        where = _importable(obj)
        if where and not (isinstance(obj, types.FunctionType) and where[0] not in (runtime.__name__, SCHEDULE)
                          and not where[0].startswith(("numpy", "s2sad.backends."))):
            mod, attr = where
            imports[name] = f"from {mod} import {attr}" + (f" as {name}" if attr != name else "")
            continue
        if isinstance(obj, (types.BuiltinFunctionType, type)) and getattr(obj, "__module__", "") == "builtins" \
                and obj.__name__ == name:
            continue
        inject[name] = obj
    return imports, inject


def _clone_marked(tree):
    """A clone of ``tree`` whose ``If`` nodes keep their ``_s2sad_fallback`` marks."""
    copy = A.clone(tree)
    for old, new in zip(ast.walk(tree), ast.walk(copy)):
        if getattr(old, "_s2sad_fallback", False):
            new._s2sad_fallback = old._s2sad_fallback      # (True, or primal_inplace.FIRST_PASS)
    return copy


def module_text(built, empty_tapes, extra_defs, inline=False):
    """(text, number of header lines, adjoint source) of the module for ``built``. Unless
    ``inline``, fused loops' fallback branches are shared functions (:mod:`.outline`)."""
    tree = ast.parse("")
    fdef = type_empty_tapes(_clone_marked(built.tree), empty_tapes, getattr(built, "typed_lists", None))
    companions = [A.clone(c) for c in getattr(built, "companions", ())]  # split functions, checkpoint steps
    if not inline:
        outline.slice_stores(fdef)
    companions += [] if inline else outline.fallbacks(fdef)
    source = emit.to_source(ast.Module(body=[fdef] + companions, type_ignores=[]))
    imports, _ = _sort_globals(built.namespace)
    first = None if inline or not first_try.retry_safe(built) else first_try.optimistic(fdef)
    tree.body = list(extra_defs) + ([first] if first is not None else [])
    rest = emit.to_source(tree) if tree.body else ""
    header = [("# Generated by s2sad for jit=True: the adjoint of "
               f"`{built.name}` and numba drivers around it."),
              "# Safe to delete: s2sad writes it again. Names used below that are not imported",
              "# here (your helper functions, constants) are set by s2sad when it loads the file.",
              "import numpy as np",
              "import s2sad.backends.numba_helpers.numba_runtime  # noqa: F401  (numba versions of the helpers)",
              ("from s2sad.backends.drivers import own_inline as _s2sad_own, own_copy_inline as _s2sad_own_copy, "
               "store as _s2sad_store, contig_inline as _s2sad_contig, real_inline as _s2sad_real, "
               "plain_inline as _s2sad_plain, rank_inline as _s2sad_rank")]
    if "_s2sad_fits(" in rest:      # g.compiled's vjp drivers check dout's lengths (backends.dout_fits)
        header.append("from s2sad.backends.dout_fits import fits as _s2sad_fits")
    if "_s2sad_boxed(" in rest:     # the fast call path's drivers (backends.boxing)
        header.append("from s2sad.backends.boxing import boxed as _s2sad_boxed")
    if "_s2sad_live(" in rest:      # drivers that check the adjoint's guard (backends.live)
        header += ["from s2sad.backends.live import live as _s2sad_live, recall_for as _s2sad_recall_for",
                   f"_s2sad_recall = _s2sad_recall_for(__name__, {fdef.name!r})"]
    if first is not None and f"{drivers.RECALL_TRY}(" in rest:    # fast drivers of the first try
        header += ["from s2sad.backends.live import recall_for as _s2sad_recall_for",
                   f"{drivers.RECALL_TRY} = _s2sad_recall_for(__name__, {first.name!r})"]
    if first is not None or f"{first_try.NEED_NAME}(" in rest:   # adjoint or descent loops without fallbacks
        header.append(first_try.IMPORT_NEED)
    if any(name in source for name in outline.HELPERS):      # slice stores (backends.outline)
        header.append(f"from s2sad.backends.numba_helpers.numba_add_into import add_into as {outline.ADD_INTO}, "
                      f"sub_into as {outline.SUB_INTO}, store_into as {outline.STORE_INTO}")
    header += sorted(set(imports.values()) - set(header))
    header += ["", "", ""]
    text = "\n".join(header) + source.rstrip() + "\n\n\n" + rest
    return text, len(header) - 1, source


def load(built, empty_tapes=(), extra_defs=(), inline=False):
    """Write (if needed) and import the module holding ``built``'s adjoint; a ``Module``."""
    from .numba_helpers import numba_cython_special, numba_runtime  # noqa: F401  (registers the numba helpers before compiling)
    numba_cython_special.register_for(built.namespace.values())     # SciPy's C functions, by name
    text, header_lines, source = module_text(built, empty_tapes, extra_defs, inline)
    _, inject = _sort_globals(built.namespace)
    desc = "\n".join(f"{k} = {_describe(v)}" for k, v in sorted(built.namespace.items()))
    key = hashlib.sha1((text + "\n" + desc + "\n" + _versions()).encode()).hexdigest()[:20]
    with LOCK:
        if key in _MODULES:
            return _MODULES[key]
        safe = re.sub(r"\W", "_", built.name)[:40]
        path = os.path.join(cache_dir(), f"{safe}_{key}.py")
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
            setattr(module, name, njit_helper(obj))
        # numba's disk cache crashes reloading recursive functions: those compile afresh in each process
        cache = not any(getattr(f, "_s2sad_uncached", False) for f in getattr(built, "companions", ()))
        mod = Module(key, path, module, header_lines, source, built.tree.name, cache)
        _MODULES[key] = mod
        return mod


def njit_helper(obj):
    """User Python functions called from the adjoint must be numba functions too (those numba
    already types, through an ``overload`` such as scipy.special.logsumexp's, are left alone)."""
    if not isinstance(obj, types.FunctionType) or hasattr(obj, "py_func"):
        return obj
    with LOCK:
        if obj not in _HELPER_JIT and _overloaded(obj):   # asked once per function (it refreshes numba's typing)
            _HELPER_JIT[obj] = obj
        if obj not in _HELPER_JIT:
            import numba
            glb = dict(obj.__globals__)
            code, defaults = _positional(obj)
            clone = types.FunctionType(code, glb, obj.__name__, defaults, obj.__closure__)
            _HELPER_JIT[obj] = numba.njit(clone)
            for name in obj.__code__.co_names:
                val = glb.get(name)
                if isinstance(val, types.FunctionType) and val.__module__ != runtime.__name__ \
                        and not val.__module__.startswith("numpy"):
                    glb[name] = njit_helper(val)
        return _HELPER_JIT[obj]


def _positional(fn):
    """``fn``'s code and defaults with its keyword-only parameters made ordinary ones, in their
    order after the others: numba cannot bind a call to a keyword-only parameter ('Cannot bind
    ... to signature (n, *, k)'). A keyword-only parameter is only ever passed by keyword, so
    every call that runs in Python binds the same values to the same names. Left as it is when
    the defaults cannot be written so (a keyword-only parameter without a default after one with
    a default) or ``fn`` takes ``*args``/``**kwargs``."""
    code, kwonly = fn.__code__, fn.__code__.co_kwonlyargcount
    if not kwonly or code.co_flags & (inspect.CO_VARARGS | inspect.CO_VARKEYWORDS):
        return code, fn.__defaults__
    names = code.co_varnames[code.co_argcount:code.co_argcount + kwonly]
    kwdefaults = fn.__kwdefaults__ or {}
    given = [name in kwdefaults for name in names]
    if given != sorted(given) or (fn.__defaults__ and not all(given)):
        return code, fn.__defaults__
    defaults = (fn.__defaults__ or ()) + tuple(kwdefaults[name] for name in names if name in kwdefaults)
    return code.replace(co_argcount=code.co_argcount + kwonly, co_kwonlyargcount=0), defaults or None


def _overloaded(fn):
    """Whether numba has an implementation of the Python function ``fn`` (an ``overload``)."""
    from numba.core.registry import cpu_target
    ctx = cpu_target.typing_context
    ctx.refresh()
    try:
        ctx.resolve_value_type(fn)
    except ValueError:             # numba's answer for a function it cannot type
        return False
    return True


def clear_memory_cache():
    """Forget loaded modules (tests use it to check the on-disk cache)."""
    with LOCK:
        _MODULES.clear()
