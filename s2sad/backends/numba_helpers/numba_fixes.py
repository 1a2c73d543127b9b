"""Work-arounds for numba compiler bugs that generated adjoints run into.

Each fix is the smallest change that makes numba compile code it should, with the
meaning it should have, and applies only while the bug is there.

* ``isinstance``/``hasattr`` beside a variable defined on some paths only. When a
  function calls ``isinstance``, numba runs a literal-propagation sub-pipeline
  (``untyped_passes.LiteralPropagationSubPipelinePass``) on its SSA form, which
  (1) reads ``.name`` of every incoming value of every phi node, and an incoming
  value undefined on one path (``ir.UNDEFINED``) has none: an ``AttributeError``
  from inside numba; (2) prunes the branch ``isinstance`` decides and turns a phi
  left with one incoming value into a plain assignment, ``v = UNDEFINED`` when that
  value is the undefined one, which type inference refuses ("Unsupported
  assignment"). Adjoints are full of such variables (an early ``return`` becomes a
  ``returned`` flag; a forward value defined in a branch is read back under the same
  condition), so ``if isinstance(k, int): return ...`` failed under ``jit=True``.
  While the sub-pipeline runs, the undefined value gets a name no variable has (the
  pass finds no type for it and leaves that phi alone: not propagating a literal is
  always correct); afterwards ``v = UNDEFINED`` becomes ``v = undef``, numba's own
  node for a variable not yet bound (what it builds for Python's
  ``LOAD_FAST_AND_CLEAR``), which it types and lowers.
* Overloads of NumPy functions numba also implements (``np.linalg.norm(X, 'nuc')``,
  ``np.median(a, axis)``, ...). numba tries a function's templates in the order they were
  registered and takes the first that types the call; its own templates for NumPy register
  when its CPU target first initialises, i.e. at the first compilation in the process. If the
  user compiled anything before s2sad's numba runtime was imported, numba's own
  ``np.linalg.norm`` came first and typed ``ord='nuc'``, then raised ValueError at run time.
  ``ours_first`` puts s2sad's templates of each such function first (the others keep their
  order), which is the order a process that imported s2sad first has. It reads numba's table
  of global types, which numba's weak-reference callbacks change whenever a registered value
  dies, at any allocation that runs the garbage collector: ``_globals_now`` copies it with
  the collector off (a bare ``list(d.items())`` allocates a tuple per entry and was not enough).
"""
import gc
import weakref

from numba.core import ir, types, untyped_passes

_UNDEFINED_NAME = "$s2sad.undefined"


def _undefined_as_undef(func_ir):
    for block in func_ir.blocks.values():
        for inst in block.body:
            if isinstance(inst, ir.Assign) and inst.value is ir.UNDEFINED:
                inst.value = ir.Expr.undef(inst.loc)


def _tolerating_undefined(run_pass):
    depth = [0]     # the pass compiles the functions it calls, which run it in turn

    def run(self, state):
        ir.UndefinedType.name = _UNDEFINED_NAME
        depth[0] += 1
        try:
            changed = run_pass(self, state)
        finally:
            depth[0] -= 1
            if not depth[0]:
                del ir.UndefinedType.name
        _undefined_as_undef(state.func_ir)
        return changed
    run.__wrapped__ = run_pass
    return run


_PASS = untyped_passes.LiteralPropagationSubPipelinePass
if not hasattr(ir.UndefinedType, "name") and not hasattr(_PASS.run_pass, "__wrapped__"):
    _PASS.run_pass = _tolerating_undefined(_PASS.run_pass)


def _ours(template):
    module = getattr(getattr(template, "_overload_func", None), "__module__", "") or ""
    return module.startswith("s2sad.")


def _globals_now(table):
    """The entries of numba's global-type table, copied while nothing can change it.

    Each entry keyed by a weak reference is dropped by that reference's callback when its value
    dies, and a value in a reference cycle (a closure, a jitted function) dies when the garbage
    collector runs, which any allocation can trigger: one during ``list(table.items())``, which
    allocates a tuple per entry, made the copy raise ``RuntimeError: dictionary changed size
    during iteration`` into the user's first jitted call. With the collector off, copying runs
    no Python code (no callback, no other thread), so the copy is consistent; an entry whose
    value dies afterwards has a dead weak key, which the caller skips."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return list(table.items())
    finally:
        if enabled:
            gc.enable()


def ours_first():
    """Reorder the registered templates of every function s2sad overloads so that s2sad's
    are tried before numba's own (each overload declines the forms numba compiles)."""
    from numba.core.registry import cpu_target
    ctx = cpu_target.typing_context
    ctx.refresh()
    for key, ty in _globals_now(ctx._globals):
        templates = getattr(ty, "templates", None)
        if not isinstance(ty, types.Function) or not templates:
            continue
        ours = tuple(t for t in templates if _ours(t))
        if ours and templates[:len(ours)] != ours:
            gv = key() if isinstance(key, weakref.ref) else key
            if gv is not None:
                ctx._remove_global(gv)
                ctx._insert_global(gv, type(ty)(ours + tuple(t for t in templates if not _ours(t))))
