"""Stage 4, activity analysis: which variables carry derivatives.

A variable is *varied* if it depends on an input being differentiated, and
*useful* if the output depends on it; it is *active* if both. Only active
variables get adjoints, so gradients that were not asked for, and
computations the output does not depend on, cost nothing in the reverse
sweep. The analysis is flow-insensitive (a name is active if any of its
assignments is), which is conservative: it can add work, never drop any.
"""
import ast

from ..errors import unsupported

DIFF_KINDS = {"copy", "binop", "call", "pack", "getitem", "setitem", "helper", "unknown", "append", "custom"}


def analyze(ops, wrt, outputs):
    varied, useful = set(wrt), set(outputs)
    changed = True
    while changed:
        changed = False
        for op in ops:
            if op.kind in DIFF_KINDS and any(o in varied for o in op.operands):
                for t in op.targets:
                    if t not in varied:
                        varied.add(t)
                        changed = True
    changed = True
    while changed:
        changed = False
        for op in ops:
            if op.kind in DIFF_KINDS and any(t in useful for t in op.targets):
                for o in op.operands:
                    if o not in useful:
                        useful.add(o)
                        changed = True
    return varied & useful, varied


def output_names(ret):
    """Names returned by the final ``return`` (an atom or a tuple of atoms)."""
    value = ret.value
    elts = value.elts if isinstance(value, ast.Tuple) else [value]
    return [e.id for e in elts if isinstance(e, ast.Name)]


def check_helper_inlined(op, active, fname):
    """A helper call left as a call (not inlined) whose operands and result are differentiated:
    found active only once writes through shared arrays were followed. Both modes refuse it
    (forward mode gave it a zero tangent)."""
    if op.kind == "helper" and any(o in active for o in op.operands):
        raise unsupported(op.stmt._s2sad_src, op.stmt, f"the call to `{fname}`, whose result reaches "
                          "the output only through an array written in place",
                          "Assign the call's result to a new name before the in-place update "
                          "(`v = f(...); x = x + v`), or copy the array first.")
