"""Compiles that failed, remembered on disk next to the generated modules.

numba's disk cache keeps machine code, never a failure: a function numba could not compile is
typed again in every process that calls it, only to fail the same way. So an adjoint refused
under jit (a ``JitError``), each retry that led to the compile that worked (tapes typed, fallbacks
inline: ``jit_failures``) and a first try that did not compile (``first_try``) cost their compile
time again at every run of the program. Here a failed compile of a generated module's function
is written to ``<cache dir>/failed/<hash>.json`` (the error's class, text and the generated lines
of numba's lowering frames); the next call with the same argument types raises that error again
without compiling, so the retries and the refusal take the same path, instantly.

Invariant: a record is read only for the function, argument types and module it was written for.
The module's name holds the hash of everything that decides its compiled code (``jit_module``:
its text, the objects its globals name, numba's, NumPy's and Python's versions, numba's
optimisation level, s2sad's backend sources); the record's key adds llvmlite's and SciPy's
versions. Modules naming an object whose code the hash does not cover (a user's numba
function, a callable object) are never remembered: a failure there could be cured by an edit
the key would not see. Only numba's compile errors are remembered (``NumbaError``, and the
``NotImplementedError`` of a missing lowering), and only when numba made no machine code for
those types: an error the compiled code raised while running is never recorded.
"""
import hashlib
import importlib
import json
import os
import sys
import types

import numpy as np

PREFIX = "s2sad_jit_"       # the generated modules' names (jit_module.load)
_MEMORY = {}                # record path -> error record (this process)
_KEYED = {}                 # module name -> whether its hash covers the code of every global it names
LIBRARIES = {"numpy", "scipy", "math", "cmath", "builtins", "numba", "s2sad"}   # versions or sources in the key


def remembering(disp):
    """``disp`` (a numba dispatcher of a generated module) with its outermost compiles going
    through ``_compile``: what numba calls when a call from Python, ``disp.compile`` or the typing
    of numba code calling it needs machine code it has neither in memory nor on disk. Calls
    with machine code made are untouched (the wrapper runs only to compile)."""
    compile_now = disp.compile

    def compile(sig):     # numba looks it up on the instance
        return _compile(disp, compile_now, sig)

    disp.compile = compile
    return disp


def _compile(disp, compile_now, sig):
    """``compile_now(sig)``, a failure remembered; nested compiles (a callee typed while its
    caller compiles, a recursion typed in steps) pass through: numba may retry those itself."""
    from numba.core.compiler_lock import global_compiler_lock
    if global_compiler_lock.is_locked():
        return compile_now(sig)
    path = _path(disp, sig)
    if path is not None:
        _raise_remembered(path)
    try:
        return compile_now(sig)
    except _errors() as err:
        if path is not None and not _control_flow(err):
            _remember(path, disp, sig, err)
        raise


def frame_lines(err):
    """``(file, line)`` of numba's frames in ``err``'s traceback that were at a line of code
    (lowering an instruction), outermost first; for a remembered error, those of the original."""
    saved = getattr(err, "_s2sad_frames", None)
    if saved is not None:
        return [tuple(f) for f in saved]
    out, tb = [], getattr(err, "__traceback__", None)
    while tb is not None:
        local = tb.tb_frame.f_locals
        loc = local.get("loc") or getattr(local.get("inst"), "loc", None)
        if getattr(loc, "filename", None):
            out.append((loc.filename, int(getattr(loc, "line", 0) or 0)))
        tb = tb.tb_next
    return out


def _errors():
    """The exceptions of a compile that failed: numba's own, a lowering numba does not have."""
    from numba.core.errors import NumbaError
    return (NumbaError, NotImplementedError)


def _control_flow(err):
    """numba's request to compile again with literal arguments: not a failure."""
    from numba.core.errors import ForceLiteralArg
    return isinstance(err, ForceLiteralArg)


def _path(disp, sig):
    """The record's file for ``disp`` on signature ``sig``; None when not remembered (module docstring)."""
    from numba.core import sigutils
    func = getattr(disp, "py_func", None)
    modname = getattr(func, "__module__", "") or ""
    try:
        argtypes = tuple(sigutils.normalize_signature(sig)[0])
    except Exception:  # noqa: BLE001  (numba's compile says what is wrong with it)
        return None
    if not modname.startswith(PREFIX) or argtypes in disp.overloads or not _keyed(sys.modules.get(modname)):
        return None
    import llvmlite

    from .jit_module import cache_dir  # (jit_module imports this module)
    scipy = sys.modules.get("scipy")
    text = "\n".join([modname, func.__qualname__, repr(argtypes), f"llvmlite {llvmlite.__version__}",
                      f"scipy {getattr(scipy, '__version__', None)}"])
    return os.path.join(cache_dir(), "failed", hashlib.sha1(text.encode()).hexdigest()[:24] + ".json")


def _keyed(module):
    """True if the module's name (its hash) decides every global its code reads: its own
    functions, libraries' objects, numbers, strings, arrays and tuples of them; not a user's
    numba function or an object of a user's class (whose code the hash does not cover)."""
    from .live import GUARD, OWNERS
    name = getattr(module, "__name__", None)
    if name not in _KEYED:
        _KEYED[name] = module is not None and all(_library(v, name) for k, v in vars(module).items()
                                                  if not k.startswith("__") and k not in (GUARD, OWNERS))   # (read at run time, never typed)
    return _KEYED[name]


def _library(obj, own):
    if isinstance(obj, (bool, int, float, complex, str, bytes, type(None), np.ndarray, np.generic)):
        return True
    if isinstance(obj, tuple):
        return all(_library(v, own) for v in obj)
    if isinstance(obj, types.ModuleType):
        where = obj.__name__
    else:
        where = getattr(getattr(obj, "py_func", obj), "__module__", None) or ""
    return where == own or where.split(".")[0] in LIBRARIES


def _raise_remembered(path):
    record = _MEMORY.get(path)
    if record is None and os.path.exists(path):
        try:
            with open(path) as fh:
                record = json.load(fh)
        except (OSError, ValueError):
            return
    if record is None:
        return
    err = _rebuilt(record)
    if err is not None:
        _MEMORY[path] = record
        raise err


def _rebuilt(record):
    """The remembered exception: its class, its text, numba's frames; None if the class is gone."""
    try:
        cls = importlib.import_module(record["module"])
        for part in record["class"].split("."):
            cls = getattr(cls, part)
    except (ImportError, AttributeError, KeyError):
        return None
    if not (isinstance(cls, type) and issubclass(cls, _errors())):
        return None
    err = cls.__new__(cls)
    err.args = (record["text"],)
    err.msg, err.loc = record["text"], None
    err._s2sad_frames = record["frames"]
    return err


def _remember(path, disp, sig, err):
    from numba.core import sigutils
    if tuple(sigutils.normalize_signature(sig)[0]) in disp.overloads:   # made after all: not a failure
        return
    cls = type(err)
    record = {"module": cls.__module__, "class": cls.__qualname__, "text": str(err),
              "frames": [list(f) for f in frame_lines(err)]}
    _MEMORY[path] = record
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        tmp = f"{path}.{os.getpid()}.tmp"
        with open(tmp, "w") as fh:
            json.dump(record, fh, sort_keys=True)
        os.replace(tmp, path)
    except OSError:          # a cache directory that cannot be written: remembered in this process
        pass
