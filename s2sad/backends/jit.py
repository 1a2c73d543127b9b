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
A first call that takes more than a second says so on stderr.

The code numba compiles is the output of the ``jit`` stage
(:mod:`s2sad.backends.numba_lower`; ``g.source`` shows it), written with its
drivers into a module file (:mod:`s2sad.backends.jit_module`) and compiled with
``numba.njit(cache=True)``. Later calls with the same argument types go
through numba's own type dispatch (:mod:`s2sad.backends.fastcall`).

Globals and closure variables the function reads are parameters of the
adjoint (see :mod:`s2sad.scopes`): calls from Python pass their current values,
so nothing is frozen. The drivers and descent loops, called from numba code,
reach the adjoint through ``_s2sad_frozen``, which passes the module's copies
of those values (frozen when numba compiles, as in any numba function, a list
as a tuple of its items, :mod:`s2sad.backends.frozen`; they are part of the cache key). User helper functions the adjoint still calls are
compiled with ``numba.njit``.

Whatever numba raises while compiling (its ``NumbaError`` family or anything
else) becomes a :class:`JitError` that says which line of the generated
adjoint failed, the line of your function it came from, which variable and
which types, and suggests ``jit=False`` (:mod:`s2sad.backends.jit_errors`; the retries
before that: :mod:`s2sad.backends.jit_failures`).
numba's own error is kept as ``__cause__``. Errors raised by the compiled code
while it runs (a shape mismatch, say) pass through unchanged when the Python
adjoint raises the same on those arguments; otherwise numba's NumPy refused
what NumPy accepts, and that is a JitError too.
"""
import ast
import gc
import sys
import threading
import time
import warnings

from ..names import DictNames
from .inplace import fresh_results
from . import drivers, first_try, jit_module, live, numba_lower, outline
from .errors import JitError
from .jit_errors import explain
from .jit_failures import Failures
from .jit_lines import carry_sources
from .jit_module import cache_dir, clear_memory_cache  # noqa: F401  (public)

__all__ = ["JitBuilt", "JitError", "cache_dir", "compiled_for", "jit_built"]

NOTICE_AFTER = 1.0      # seconds of compiling before the first call says what it is doing
GC_THRESHOLD = (10000, 10, 10)   # the least gc thresholds while numba compiles (CompileNotice)


class CompileNotice:
    """``with CompileNotice(what):`` writes one line on stderr if the block takes
    longer than NOTICE_AFTER seconds, and how long it took at the end. Inside the block
    CPython's garbage collector runs every GC_THRESHOLD allocations at the least (numba's
    compile makes millions of short-lived objects: at CPython's default of 700, 14% of a
    compile's CPU time went to collections; measured by suite22), and as before after it.
    numba's performance warnings are silenced inside it: they name lines of the generated
    module (``'@' is faster on contiguous arrays`` about an s2sad temporary), which the user
    can neither read in their code nor change."""

    def __init__(self, what, stream=None):
        self.what, self.stream, self.shown = what, stream, False

    def _show(self):
        self.shown = True
        stream = self.stream or sys.stderr
        stream.write(f"s2sad: numba is compiling {self.what} (first call with these argument types; "
                     "the machine code is cached on disk for the next run)...\n")
        stream.flush()

    def __enter__(self):
        self.start = time.perf_counter()
        self.gc = gc.get_threshold()
        gc.set_threshold(*(max(a, b) for a, b in zip(self.gc, GC_THRESHOLD)))
        from numba.core.errors import NumbaPerformanceWarning
        self.quiet = warnings.catch_warnings()
        self.quiet.__enter__()
        warnings.simplefilter("ignore", NumbaPerformanceWarning)
        self.timer = threading.Timer(NOTICE_AFTER, self._show)
        self.timer.daemon = True
        self.timer.start()
        return self

    def __exit__(self, *exc):
        self.timer.cancel()
        gc.set_threshold(*self.gc)
        self.quiet.__exit__(*exc)
        if self.shown:
            stream = self.stream or sys.stderr
            stream.write(f"s2sad: compiled {self.what} in {time.perf_counter() - self.start:.1f} s\n")
            stream.flush()
        return False


class _JitAdjoint(Failures):
    """``adjoint(*params, dout=1.0)``: calls the numba dispatcher of the adjoint, records
    first-call (compile or cache-load) time, and turns compile failures into JitError."""

    def __init__(self, jb):
        self._jb = jb
        self._disp = None
        self.started = None     # when a first try began
        self.trying = True      # Python calls run the adjoint without fallbacks first (backends.first_try)

    @property
    def dispatcher(self):
        if self._disp is None:
            self._disp = self._jb.module.njit(self._jb.module.adj_name)
        return self._disp

    def __call__(self, *args, **kwargs):
        args = drivers.contiguous(args)      # no strided view, no float32 reaches numba (drivers.contig)
        if self.trying:
            name = self._jb.module.try_name
            if name is not None and first_try.retry_safe_values(args) \
                    and first_try.retry_safe_values(kwargs.values()):
                try:
                    return self._first_try(self._jb.module.njit(name), args, kwargs)
                except Exception:  # noqa: BLE001  (BroadcastNeeded, a compile or run-time error: the adjoint says)
                    pass
                self.trying = False    # for good: the adjoint itself runs the call again, from the start
        disp = self._disp or self.dispatcher
        if disp.overloads:
            try:
                return disp(*args, **kwargs)
            except Exception as err:  # noqa: BLE001  (sorted out in _failed)
                return self._failed(err, args, kwargs)
        return self._first(args, kwargs)

    def _first(self, args, kwargs):
        t0 = self.started or time.perf_counter()
        with CompileNotice(f"the adjoint of `{self._jb.name}`"):
            try:
                result = self.dispatcher(*args, **kwargs)
            except Exception as err:  # noqa: BLE001  (sorted out in _failed)
                result = self._failed(err, args, kwargs)
        self._timed(self.dispatcher, t0)
        return result

    def _first_try(self, disp, args, kwargs):
        """``disp`` (the adjoint without fallbacks) on the arguments; its first call timed."""
        if disp.overloads:
            return disp(*args, **kwargs)
        self.started = t0 = time.perf_counter()     # a failed try counts in the first call's time
        with CompileNotice(f"the adjoint of `{self._jb.name}`"):
            result = disp(*args, **kwargs)
        self._timed(disp, t0)
        return result

    def _timed(self, disp, t0):
        self._jb.timings.setdefault("first_call", time.perf_counter() - t0)
        hits = sum(disp.stats.cache_hits.values())
        self._jb.timings["cache"] = "loaded from disk" if hits else "compiled"


class JitBuilt:
    """A ``pipeline.Built`` whose ``.function`` runs the numba-compiled adjoint.

    ``source`` is the adjoint numba compiles (the ``jit`` stage's output);
    ``python_function`` the same code run by Python (``python_raw`` taking the values of the globals
    it reads after the parameters, as the compiled adjoint does); ``timings`` a dict of seconds
    (``codegen``: prepare, write and import the module (written when first used), ``first_call``: numba compile or cache
    load plus one run; ``cache``: whether the machine code came from disk);
    ``path`` the generated module file; ``compiled`` a numba dispatcher computing
    only the gradient(s), callable from ``@numba.njit`` code.
    """

    def __init__(self, built):
        t0 = time.perf_counter()
        self.base = built
        for field in ("name", "source", "params", "wrt", "n_outputs", "namespace", "filename", "tree", "data",
                      "guard", "redraws", "written"):
            setattr(self, field, getattr(built, field))
        self.companions = list(getattr(built, "companions", ()))  # split functions, checkpointed loops
        self.reverse = self.tree is not None      # a reverse-mode adjoint: drivers, descent loops
        if not self.reverse:                      # forward mode, second order: its code, for numba
            self.namespace = dict(self.namespace)
            parsed = carry_sources(ast.parse(built.source).body[0], getattr(built, "forward_tree", None))
            self.tree = numba_lower.lower(parsed, DictNames(self.namespace),
                                          mask_ranks=getattr(built, "mask_ranks", None))
        self.python_function = built.function
        self.python_raw = built.raw     # (*params, *data values, dout): called as the compiled adjoint is
        self.timings = dict(getattr(built, "timings", None) or {})
        self.empty_tapes = set()
        self.typed_lists = {}         # a user's list made empty whose items are arrays: name -> (ndim, layout)
        self.numbered = set()         # variables made numbers where numba found a 0-d array too
        self.inline = False           # fused loops' fallbacks inline in the adjoint (backends.outline)
        self.reload()
        self.function = self.raw = _JitAdjoint(self)
        if self.guard is not None:         # (*params, dout): guarded, with the current globals (s2sad.scopes)
            from ..scopes import live
            self.function = live(self)
        self.timings["codegen"] = self.timings.get("codegen", 0.0) + time.perf_counter() - t0

    def reload(self):
        """(Re)write and import the module after ``empty_tapes`` changed (a compile failure of the
        loaded module: written again now, so a failure of that is the retry's); before its first
        use, nothing to do: ``module`` writes it when asked."""
        loaded = getattr(self, "_module", None) is not None
        self._module = None
        self._descent = {}
        if loaded:
            self.module  # noqa: B018  (written and imported now)

    @property
    def module(self):
        """The generated module of the adjoint and its drivers, written and imported on first use:
        ``minimize`` never uses it (its descent modules hold the adjoint, ``descent_module_for``),
        and writing its drivers cost about 4% of a small descent's first call."""
        if self._module is None:
            from ..results import building
            t0 = time.perf_counter()
            with building(None, self.name):    # s2sad's own exception: a BuildFailedError naming it
                self._module = self._load()
            self.timings["codegen"] = self.timings.get("codegen", 0.0) + time.perf_counter() - t0
        return self._module

    @property
    def path(self):
        """The generated module file."""
        return self.module.path

    def _load(self):
        """Write and import the module: the adjoint and its drivers. The descent loops go in
        modules of their own, written when ``minimize`` first asks (``descent_module_for``):
        building and emitting them took about 5% of an ODE gradient's first call, which never
        runs them."""
        wrt_pos = [self.params.index(w) for w in self.wrt]
        data = [name for name, _ in self.data]
        first = first_try.PREFIX + self.tree.name if not self.inline and first_try.retry_safe(self) else None
        extra = drivers.driver_defs(self.tree.name, self.params, data, wrt_pos,
                                    fresh_results(self.tree, self.namespace), self.name,
                                    fast=self.fast_prefix, first=first, ranks=self.param_ranks()) if self.reverse else []
        module = jit_module.load(self, self.empty_tapes, extra, self.inline)
        if self.checked_live or module.try_name is not None and self.fast_prefix:   # recalls
            live.bind(module.module, self.guard)
        return module

    def param_ranks(self):
        """Each parameter's rank the adjoint was specialised on, then its output's (``dout``'s:
        None where not known, not checked)."""
        kind = (getattr(self.base, "ranks", None) or (None,))[0] or {}
        last = self.tree.body[-1] if self.tree.body else None
        value = last.value.elts[0] if isinstance(last, ast.Return) and isinstance(last.value, ast.Tuple) else None
        out = kind.get(value.id) if isinstance(value, ast.Name) and self.n_outputs == 1 else None
        return [kind.get(p) if type(kind.get(p)) is int else None for p in self.params] + \
            [out if type(out) is int else None]

    def descent_module_for(self, method, array=True):
        """The module of :func:`s2sad.minimize`'s descent loops for update rule ``method`` and an
        array ``x`` (``array``) or a float: the adjoint, for an array the buffer-writing adjoint
        and the loops on arrays and for its size (``descent.loop_defs``); ``module`` itself, which
        has no loop, when the adjoint is not wrt its first parameter alone or has several outputs.
        One rule and one kind of ``x`` per module: a descent compiles one loop, and writing the
        others took about a tenth of a small descent's first call."""
        if not (self.reverse and list(self.wrt) == list(self.params[:1]) and self.n_outputs == 1):
            return self.module
        key = (method, bool(array))
        if key not in self._descent:
            from ..tools.descent import loop_defs
            self._descent[key] = jit_module.load(self, self.empty_tapes, loop_defs(self, method, array), self.inline)
        return self._descent[key]

    @property
    def checked_live(self):
        """True if the fast call path serves this adjoint through live drivers, which check its
        guard (:mod:`.live`): the guard is not static (the adjoint inlined or calls the user's
        code) and passes no data (the adjoint reads no global values)."""
        return self.guard is not None and not getattr(self.guard, "static", False) and not self.data

    @property
    def fast_first(self):
        """The prefix of the fast path's drivers calling the adjoint without fallbacks
        (``drivers.TRY``) while the checking path still runs that one (:mod:`.first_try`), else ''."""
        if self.raw.trying and self.module.try_name is not None and self.fast_prefix:
            return drivers.TRY
        return ""

    @property
    def fast_prefix(self):
        """Prefix of the fast call path's drivers (:mod:`.fastcall`): live.PREFIX, drivers.FAST (static guard), None."""
        if self.checked_live:
            return live.PREFIX
        static = getattr(self.guard, "static", False)
        return drivers.FAST if static and not self.written else None

    def inline_again(self):
        """After a compile failure: True if the module had fallbacks moved into functions
        (:mod:`s2sad.backends.outline`), now put back inline for the next attempt (so a
        refusal is numba's error on the adjoint as written); False if they already were."""
        if self.inline or not outline.rewritten(self.module.source):
            return False
        self.inline = True
        return True

    def explain(self, err, label, module=None):
        """``err`` (numba's) as a JitError located in ``module`` (default: the adjoint's)."""
        m = module or self.module
        return explain(m.source, m.path, m.header_lines, self.name, err, label, jit_module.RUNTIME_NAMES,
                       getattr(self.base, "origin", None), [self.tree] + self.companions,
                       getattr(self.base, "differentiated", None))

    @property
    def dispatcher(self):
        """The numba dispatcher of the adjoint itself (``(value, *grads)``)."""
        return self.raw.dispatcher

    def driver(self, kind):
        """Dispatcher of a driver: 'grad', 'value_and_grad', 'vjp' (+ '_tuple')."""
        return self.module.njit(drivers.driver_name(kind))

    def compile(self, disp, argtypes, label):
        """Compile ``disp`` for numba types ``argtypes``; a failure becomes JitError."""
        with CompileNotice(f"{label} of `{self.name}`"):
            try:
                disp.compile(tuple(argtypes))
            except Exception as err:
                if not self.inline_again():
                    raise self.explain(err, label) from err
                self.reload()
                self.raw._disp = None       # inline: no first try, nor its drivers (drivers.TRY)
                name = disp.py_func.__name__.replace(drivers.driver_name(drivers.TRY), "_s2sad_", 1)
                return self.compile(self.module.njit(name), argtypes, label)
        return disp.overloads[tuple(argtypes)]

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
    from ..frontend.tuple_joins import jit_refusal
    refusal = jit_refusal(built.origin)
    if refusal is not None:
        raise refusal
    return JitBuilt(built)


def compiled_for(gf):
    """The numba dispatcher behind GradFunction ``gf`` (made with ``jit=True`` or not):
    ``grad``: ``(*args) -> gradient(s)``; ``value_and_grad``: ``(*args) -> (value, gradient(s))``;
    ``vjp``: ``(*args, dout) -> gradient(s)``. A tuple of gradients iff ``wrt`` was a tuple,
    as for ``gf`` itself. Call it from your own ``@numba.njit`` functions."""
    if not gf.jit:                   # the same gradient built for numba (any argument ranks)
        from ..api import GradFunction
        gf = GradFunction(gf.func, list(gf.wrt) if gf.many else gf.wrt[0], gf.mode, jit=True)
    jb = jit_built(gf.built)
    return jb.driver(gf.mode + ("_tuple" if gf.many else ""))
