"""The ``aux`` mode: ``value_and_grad(f, has_aux=True)`` on the program rewritten to return
``(loss, aux)`` (fuzz25).

Every ``return X`` of ``f`` (not of a function defined inside it) becomes
``_loss = X`` and ``return _loss, <aux>``, with ``<aux>`` one of a few forms of the loss (the
loss itself, ``2.0 * _loss + 1.0``, ``np.float64(_loss)``), so that the expected aux follows
from the value; the rewritten program is a module of its own, loaded once per program and
jit (its adjoint is then built once). The mode's gradient must be the program's gradient
(judged like ``grad``), its loss the program's value, its aux the form of that value.

Invariant: the rewrite changes nothing but what ``f`` returns; it applies to scalar-output
programs only (``has_aux`` needs a number as the loss).
"""
import ast
import os
import sys
from dataclasses import replace

import numpy as np

import s2sad

from . import fresh_draws
from .program import load, unload
from .tmpl import E, S, render

__all__ = ["aux_call", "AUX_FORMS"]

# aux written from the loss, and the same function of the value for the check
AUX_FORMS = (("_loss", lambda v: v), ("2.0 * _loss + 1.0", lambda v: 2.0 * v + 1.0),
             ("np.float64(_loss)", lambda v: v))
_MODULES = {}


class _Returns(ast.NodeTransformer):
    """``return X`` -> ``_loss = X; return (_loss, aux)`` in ``f``'s own body."""

    def __init__(self, aux):
        self.aux = aux

    def visit_FunctionDef(self, node):
        return node          # a function defined inside f keeps its returns

    visit_AsyncFunctionDef = visit_Lambda = visit_ClassDef = visit_FunctionDef

    def visit_Return(self, node):
        return S("_loss = _0\nreturn (_loss, _1)", node.value, E(self.aux))


def aux_source(source, form):
    """The program's source with ``f`` returning ``(loss, form of loss)``."""
    tree = ast.parse(source)
    for k, stmt in enumerate(tree.body):
        if isinstance(stmt, ast.FunctionDef) and stmt.name == "f":
            stmt.body = [new for s in stmt.body for new in _listed(_Returns(form).visit(s))]
    return render(tree) + "\n"


def _listed(node):
    return node if isinstance(node, list) else [node]


def _module(program, f):
    """The rewritten program as a module (cached per program and jit mode)."""
    key = (program.seed, program.attempt, program.digest)
    if key not in _MODULES:
        form = AUX_FORMS[program.seed % len(AUX_FORMS)][0]
        aux_program = replace(program, source=aux_source(program.source, form))
        workdir = os.path.dirname(sys.modules[f.__module__].__file__)
        for old in _MODULES.values():      # one program at a time: the previous one's module is done
            unload(old)
        _MODULES.clear()
        _MODULES[key] = load(aux_program, workdir, label=f"fz_aux_{program.seed}_{program.attempt}_{program.digest}")
    return _MODULES[key]


def aux_call(program, f, args, wrt, jit):
    """The ``aux`` mode's call (``oracle.run_mode``): (gradients, value, the callable)."""
    from .oracle import WrongAnswer, listed
    faux = _module(program, f).f
    vg = s2sad.value_and_grad(faux, wrt=wrt, jit=jit, has_aux=True)
    (value, aux), grads = vg(*fresh_draws.passed(args))
    expect = AUX_FORMS[program.seed % len(AUX_FORMS)][1](value)
    if not np.allclose(aux, expect, rtol=1e-12, atol=1e-12):
        raise WrongAnswer("aux", f"aux {aux!r}, the loss {value!r} gives {expect!r}")
    return listed(grads, wrt), value, vg
