"""Where the CPU time of a first call goes: s2sad's build, numba's lowering, LLVM's passes.

    python -m benchmarks.compile_split <workload name> [size index] [--system numba-hand]

Run it as a process of its own: unless ``S2SAD_CACHE_DIR`` / ``NUMBA_CACHE_DIR`` are set, both
caches are new empty directories, as in :mod:`benchmarks.fresh`, and the same ``warm_up`` runs
first. It times the cell's build and first call in CPU seconds (``time.process_time``: the
project machines are shared, their wall times are mostly other people's work) and splits them:

* ``build``: s2sad's pipeline (``s2sad.pipeline.build``), before numba sees anything;
* per code library (one per function numba compiles: the adjoint, each fallback, each
  overload implementation...): ``lower``, numba building the LLVM IR in Python; ``fpasses``,
  LLVM's function passes on the new IR (numba runs them as it adds the IR: not in ``lower``);
  ``mpasses``, LLVM's module passes on the library's final module, where the code of every
  function it calls is linked in and optimised again; ``mcode``, machine code for that module;
* ``passes``: numba's own compiler passes, by pass name, summed over every function compiled
  (``nopython_type_inference`` is the typing, ``reconstruct_ssa`` the SSA form of the untyped IR,
  ``native_lowering`` what its pass does besides ``lower`` and ``fpasses``...); a callee compiled
  while its caller is typed counts in its own stages, not in the caller's typing;
* ``repeated``: functions compiled more than once for the same argument types (numba keys an
  overload's implementation by the calling function's compile flags too).

The rest of the total is everything outside these stages (the dispatchers' bookkeeping, numba's
pipeline set-up, finalising libraries, the call itself).
"""
import collections
import contextlib
import gc
import os
import sys
import tempfile
import time

STAGES = (("lower", "numba.core.lowering", "BaseLower", "lower"),
          ("fpasses", "numba.core.codegen", "CPUCodeLibrary", "_optimize_functions"),
          ("mpasses", "numba.core.codegen", "CPUCodeLibrary", "_optimize_final_module"),
          ("mcode", "numba.core.codegen", "JITCodeLibrary", "_finalize_specific"))
PASSES = ("passes", "numba.core.compiler_machinery", "PassManager", "_runPass")    # (_pass_name)


def _name(obj, *_):
    """The compiled function a lowering or a code library is for (short)."""
    fndesc = getattr(obj, "fndesc", None)
    name = fndesc.qualname if fndesc is not None else obj.name
    return name.split("$")[0].replace("<locals>.", "")[-60:]


def _pass_name(manager, index, pss, state):
    """The name of the compiler pass ``PassManager._runPass`` runs (``nopython_type_inference``...)."""
    return pss.name()


_INNER = []     # CPU seconds of the timed stages running inside the current one, innermost last


@contextlib.contextmanager
def _timed(table, owner, attr, stage, label):
    """``owner.attr`` adds its CPU time to ``table[stage][label(self, *args)]`` while the block runs,
    less the time of the timed stages it runs (numba's ``lower`` runs ``fpasses`` as it adds its
    IR to the library: counted in both, LSTM's lowering read 13.3 s, 10.3 of them LLVM's)."""
    orig = getattr(owner, attr)

    def timed(self, *args, **kwargs):
        t0 = time.process_time()
        _INNER.append(0.0)
        try:
            return orig(self, *args, **kwargs)
        finally:
            spent = time.process_time() - t0
            table[stage][label(self, *args)] += spent - _INNER.pop()
            if _INNER:
                _INNER[-1] += spent
    setattr(owner, attr, timed)
    try:
        yield
    finally:
        setattr(owner, attr, orig)


def _compiles(table):
    """Count ``Dispatcher.compile`` per (function, argument types) that compiled something."""
    from numba.core.dispatcher import Dispatcher
    orig = Dispatcher.compile

    def compile(self, sig):
        args = tuple(getattr(sig, "args", sig))
        if args not in self.overloads:
            fn = self.py_func
            table["compiles"][(f"{fn.__module__}.{fn.__qualname__}", str(args))] += 1
        return orig(self, sig)
    return compile, orig


def split(wl, size_index, system, warm=True):
    """The stages' CPU seconds of ``system``'s build and first call of ``wl`` (a dict of Counters;
    ``total`` and ``build`` under the key ""), after :func:`benchmarks.systems.warm_up` and
    ``gc.freeze()`` unless not ``warm``. numba's and s2sad's functions are restored after."""
    import importlib

    from s2sad import pipeline

    from numba.core.dispatcher import Dispatcher

    from .systems import adapter, warm_up
    from .timing import first_call
    args = wl.make_inputs(wl.sizes["full"][size_index])
    if warm:
        warm_up([system])
        gc.freeze()     # as benchmarks.fresh: the start-up's objects are not scanned again
    table = collections.defaultdict(collections.Counter)
    compile, orig = _compiles(table)
    with contextlib.ExitStack() as stack:
        for stage, module, cls, attr in STAGES:
            stack.enter_context(_timed(table, getattr(importlib.import_module(module), cls), attr, stage, _name))
        stage, module, cls, attr = PASSES
        stack.enter_context(_timed(table, getattr(importlib.import_module(module), cls), attr, stage, _pass_name))
        build = pipeline.build
        pipeline.build = lambda *a, **k: _add(table, "build", build, a, k)
        Dispatcher.compile = compile
        try:
            ad = adapter(system, wl)
            prepared = ad.prep(args)
            t0 = time.process_time()
            first_call(ad.build, prepared)
            table["total"][""] = time.process_time() - t0
        finally:
            pipeline.build = build
            Dispatcher.compile = orig
    return table


def _add(table, stage, fn, args, kwargs):
    """``fn(*args, **kwargs)``, its CPU time added to ``table[stage][""]`` less the timed stages run
    inside it (as :func:`_timed`)."""
    t0 = time.process_time()
    _INNER.append(0.0)
    try:
        return fn(*args, **kwargs)
    finally:
        spent = time.process_time() - t0
        table[stage][""] += spent - _INNER.pop()
        if _INNER:
            _INNER[-1] += spent


def report(table, top=6):
    """Lines: the total, the build, each stage's sum and its largest libraries, repeated compiles."""
    lines = [f"first call {table['total']['']:.2f} s CPU; s2sad build {table['build']['']:.2f} s"]
    for stage, _, _, _ in STAGES:
        c = table[stage]
        lines.append(f"  {stage:8s} {sum(c.values()):6.2f} s: " + ", ".join(f"{k} {v:.2f}" for k, v in c.most_common(top)))
    c = table[PASSES[0]]
    lines.append(f"  passes   {sum(c.values()):6.2f} s: " + ", ".join(f"{k} {v:.2f}" for k, v in c.most_common(top)))
    rest = table["total"][""] - table["build"][""] - sum(sum(table[stage].values()) for stage, *_ in STAGES + (PASSES,))
    lines.append(f"  rest     {rest:6.2f} s: everything else")
    compiles = table["compiles"]
    again = {k: n for k, n in compiles.items() if n > 1}
    lines.append(f"  {sum(compiles.values())} compiles, {sum(again.values()) - len(again)} of them repeated: "
                 + ", ".join(f"{k[0].split('.')[-1]} x{n}" for k, n in sorted(again.items())[:top]))
    return lines


def main(argv):
    system = "s2sad-jit"
    if "--system" in argv:
        at = argv.index("--system")
        system, argv = argv[at + 1], argv[:at] + argv[at + 2:]
    for var, prefix in (("S2SAD_CACHE_DIR", "split-s2sad-"), ("NUMBA_CACHE_DIR", "split-numba-")):
        os.environ.setdefault(var, tempfile.mkdtemp(prefix=prefix))
    os.environ.setdefault("BENCH_NO_COMPARATORS", "1")
    from .registry import all_workloads
    wl = next(w for w in all_workloads() if w.name == argv[0])
    print(f"{wl.name} [{argv[1] if len(argv) > 1 else 0}] {system}:")
    print("\n".join(report(split(wl, int(argv[1]) if len(argv) > 1 else 0, system))))


if __name__ == "__main__":
    main(sys.argv[1:])
