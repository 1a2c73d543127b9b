"""Joins whose adjoint is written piece by piece, without a list of gradients.

``L = [a, b]`` followed by ``y = np.concatenate(L)`` (or ``np.hstack``) of vectors has
the adjoint ``b_a += b_y[:a.shape[0]]``, ``b_b += b_y[a.shape[0]:]``: slices of ``b_y``
handed straight to the pieces, instead of ``join_grad`` building a list of copies (a
Python list, slow under numba) that the list's own adjoint then takes apart. It is
written so when the list is nothing but the join's argument:

* the display is the statement just before the join, in the same block (no piece can
  change in between), and its elements are names of 1-d arrays (ranks from ``kinds``);
* the list's name is assigned there only and read by the join only (nothing else sees
  the list or its gradient), the axis is the constant 0 and ``out``/``dtype`` are None;
* the join's result is not one of the pieces (``y = np.concatenate((y, z))`` keeps
  ``join_grad``: the slices are of the adjoint the pieces' gradients go to).

``mark`` sets ``_s2sad_join`` (the piece names) on the join and ``_s2sad_joined`` on
the display; the tape analysis then reads the pieces' shapes (all but the last) instead
of the list, and the reverse stage writes the slices (``Reverse.rev_join``).
"""
import ast
from collections import Counter

import numpy as np

JOINS = (np.concatenate, np.hstack)


def mark(body, ops, ranks):
    """Mark the joins of ``body`` whose adjoint is written piece by piece."""
    sites = Counter(t for op in ops for t in op.targets)
    loads = Counter(n.id for s in body for n in ast.walk(s)
                    if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load))
    _blocks(body, sites, loads, ranks)


def _blocks(stmts, sites, loads, ranks):
    for i, s in enumerate(stmts):
        for block in (getattr(s, "body", None), getattr(s, "orelse", None)):
            if isinstance(block, list):
                _blocks(block, sites, loads, ranks)
        pieces = _pieces(stmts[i - 1], s, sites, loads, ranks) if i else None
        if pieces is not None:
            s._s2sad_join, stmts[i - 1]._s2sad_joined = pieces, True


def _pieces(display, join, sites, loads, ranks):
    op = getattr(join, "_s2sad_op", None)
    if op is None or op.kind != "call" or op.func not in JOINS or len(op.targets) != 1:
        return None
    seq = op.bound.get(op.rule.params[1])
    if not (isinstance(seq, ast.Name) and sites[seq.id] == 1 and loads[seq.id] == 1):
        return None
    if not (isinstance(display, ast.Assign) and isinstance(display.targets[0], ast.Name)
            and display.targets[0].id == seq.id and isinstance(display.value, (ast.List, ast.Tuple))):
        return None
    elts = display.value.elts
    if not elts or not all(isinstance(e, ast.Name) and ranks.get(e.id) == 1 for e in elts):
        return None
    if op.targets[0] in [e.id for e in elts]:
        return None   # y = np.concatenate((y, z)): the pieces' gradients would be added to the one read
    if ranks.get(op.targets[0]) != 1 or not all(_constant(op.bound.get(p), v) for p, v in
                                                (("axis", 0), ("out", None), ("dtype", None)) if p in op.bound):
        return None
    return [e.id for e in elts]


def _constant(node, value):
    return isinstance(node, ast.Constant) and node.value is value if value is None else \
        isinstance(node, ast.Constant) and type(node.value) is int and node.value == value
