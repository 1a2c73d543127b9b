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
"""
from numba.core import ir, untyped_passes

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
