"""Tapes the reverse sweep reads only for their shapes (part of the ``jit`` stage's array tapes).

The rule templates read some saved values only for their shape: the second argument of
``unbroadcast(g, x)``, ``zeros_like(x)``, ``x.shape`` (the run-time helpers registered with
``rules.registry.shape_only``). A value whose shape the analysis cannot prove fixed is saved
(LSTM saves twelve vectors per cell for their lengths alone). When every read of the popped
values is such a read, :mod:`s2sad.backends.array_tapes` keeps no row per push: the first push
keeps one array of its shape, every later push only compares its shape with it (a run-time
guard: no call, no copy, no reference), and only values of another shape put an array of
their shape on the tape's list. A pop gives the list's arrays while it holds any (they were
pushed last), then the first push's array: an array of the pushed value's shape each time.
Measured on LSTM l=2 (generated adjoints compiled in one process, best of rounds, CPU time,
ratio to the hand-written numba adjoint, loaded machine): rows taken unwritten 2.01x,
without any shape tape (an upper bound) 1.75x.

Invariant: ``read_for_shape`` is True only when, from the first top-level statement that pops
the tape on (all its pushes come before: ``array_tapes``' condition), every read of the name
is ``v.shape``, ``v.ndim``, a shape-only argument of a run-time helper, or the value of a
plain copy ``w = v`` whose every read there is such a read in turn.
"""
import ast

from .. import astutil as A
from ..analyses.ir import resolve
from ..rules.registry import _SHAPE_ONLY


def read_for_shape(fdef, ns, v, pops):
    """Whether the reads of ``v`` after its tape's first pop are all reads of its shape."""
    pop_ids = {id(s) for s in pops}
    start = next((k for k, s in enumerate(fdef.body) if {id(n) for n in A.walk(s)} & pop_ids), None)
    if start is None:
        return False
    region = fdef.body[start:]
    parents = {id(c): n for s in region for n in A.walk(s) for c in ast.iter_child_nodes(n)}
    return _shape_only(v, region, parents, ns, set())


def _shape_only(name, region, parents, ns, seen):
    if name in seen:
        return True
    seen.add(name)
    for s in region:
        for n in A.walk(s):
            if isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Load) \
                    and not _shape_read(n, region, parents, ns, seen):
                return False
    return True


def _shape_read(node, region, parents, ns, seen):
    up = parents.get(id(node))
    if isinstance(up, ast.Attribute) and up.value is node and up.attr in ("shape", "ndim"):
        return True
    if isinstance(up, ast.Call) and node in up.args:
        fn = resolve(ns, up.func)
        return (getattr(fn, "__module__", None) or "").startswith("s2sad.rules.runtime") \
            and up.args.index(node) in _SHAPE_ONLY.get(getattr(fn, "__name__", None), ())
    if isinstance(up, ast.Assign) and up.value is node and len(up.targets) == 1 \
            and isinstance(up.targets[0], ast.Name):
        return _shape_only(up.targets[0].id, region, parents, ns, seen)
    return False
