"""Every way of calling s2sad the fuzzer checks, by mode name.

A mode is a kind of derivative and a ``jit``: ``py``/``jit`` (the gradient: ``value_and_grad``
and ``grad``, or ``vjp`` with the program's head for array outputs), and ``<kind>`` /
``<kind>-jit`` for the other kinds (``KINDS``):

* ``vjp``: ``vjp(f)(*args, c * dout)`` for a scalar ``c`` (a scalar output too), divided by ``c``;
* ``jvp``: forward mode, ``jvp(f)(*args, e_i)`` along every basis direction, read into the
  gradient of the scalarised output (its value and tangents' shapes checked on the way);
* ``ckpt``: the gradient with ``checkpoint=K`` (K = 1, 2, 3 by seed);
* ``aux``: ``value_and_grad(f, has_aux=True)`` of the program rewritten to return ``(loss, aux)``
  (``has_aux.py``; scalar outputs only);
* ``hvp``: ``hvp(f).grad_and_hvp(*args, v)`` (value and gradient checked, and ``hvp(f)(*args, v)``
  must agree), judged as ``H v`` against differences of a trusted gradient (``second.py``);
* ``hessian``: ``hessian(f)(*args)`` contracted with ``v``, judged the same way;
* ``gg``: ``grad(grad(f, wrt=p), wrt=p)`` for the first number ``p`` differentiated.

Each call returns what ``oracle.judge`` judges: one entry per differentiated argument, shaped
like it. ``run(mode, ...)`` returns the mode's status record (``oracle.run_mode``'s), or
``skipped`` when the mode does not apply (second order of an array output, ``gg`` without a
number to differentiate) or has nothing trusted to compare with. ``PAIRS`` lists the modes
whose answers must agree to rounding, and the class of a disagreement.
"""
from dataclasses import replace

import numpy as np

import s2sad

from . import fresh_draws
from .has_aux import aux_call
from .oracle import Timeout, WrongAnswer, _call, _max_err, _wrt_spec, deadline, listed, run_mode
from .reference import StepFailure, copy_args, scalarise
from .second import NoGradient, SecondOrder, direction, trusted_gradient

__all__ = ["KINDS", "SECOND", "MODES", "KIND", "name", "names", "run", "second_order", "PAIRS"]

KINDS = ("grad", "vjp", "jvp", "ckpt", "aux", "hvp", "hessian", "gg")
SECOND = ("hvp", "hessian", "gg")


def name(kind, jit):
    if kind == "grad":
        return "jit" if jit else "py"
    return kind + ("-jit" if jit else "")


MODES = {name(k, j): j for k in KINDS for j in (False, True)}      # mode -> jit
KIND = {name(k, j): k for k in KINDS for j in (False, True)}       # mode -> kind
# (mode, the mode it must agree with to rounding, the class of a disagreement)
PAIRS = [(name(k, True), name(k, False), "jit_mismatch") for k in KINDS if k != "grad"] + \
    [(name(k, j), name("grad", j), "mode_mismatch") for k in ("vjp", "ckpt", "aux") for j in (False, True)]


def names(kinds, jit_modes):
    """The mode names for ``kinds`` (a sequence of KINDS) and ``jit_modes`` (e.g. (False, True))."""
    return tuple(name(k, j) for k in kinds for j in jit_modes)


# ---- first order -------------------------------------------------------------------------
def _vjp(program, f, args, wrt, jit):
    c = 1.0 + (program.seed % 5) / 4.0
    dout = c if program.scalar_output else \
        tuple(c * d for d in program.dout()) if len(program.out) > 1 else c * program.dout()
    h = s2sad.vjp(f, wrt=wrt, jit=jit)
    return [g / c for g in listed(h(*fresh_draws.passed(args), dout), wrt)], None, h


def _checkpoint(program, f, args, wrt, jit):
    return _call(program, f, args, wrt, jit, checkpoint=1 + program.seed % 3)


def _jvp(program, f, args, wrt, jit):
    h = s2sad.jvp(f, wrt=wrt, jit=jit)
    pos = _positions(program)
    dout = None if program.scalar_output else program.dout()
    zeros = [np.zeros(np.shape(args[p])) if isinstance(args[p], np.ndarray) else 0.0 for p in pos]
    grads, value = [], None
    for i, p in enumerate(pos):
        g = np.zeros(np.shape(args[p])) if isinstance(args[p], np.ndarray) else 0.0
        for idx in np.ndindex(*np.shape(args[p])):
            t = list(zeros)
            t[i] = _basis(args[p], idx)
            out, tangent = h(*copy_args(args), tuple(t) if isinstance(wrt, tuple) else t[0])
            _same_shapes(program, out, tangent)
            d = scalarise(tangent, dout)
            value = scalarise(out, dout)
            if isinstance(g, np.ndarray):
                g[idx] = d
            else:
                g = d
        grads.append(g)
    return grads, value, h


def _same_shapes(program, out, tangent):
    outs, tangents = (out, tangent) if len(program.out) > 1 else ((out,), (tangent,))
    if not isinstance(tangents, tuple) or len(tangents) != len(program.out) or \
            [np.shape(t) for t in tangents] != [tuple(s) for s in program.out] or \
            [np.shape(o) for o in outs] != [tuple(s) for s in program.out]:
        raise WrongAnswer("shape", f"jvp returned value shapes {[np.shape(o) for o in outs]} and tangent "
                          f"{[np.shape(t) for t in tangents] if isinstance(tangents, tuple) else type(tangents)}, "
                          f"the output is {program.out}")


def _basis(like, idx):
    if not isinstance(like, np.ndarray):
        return 1.0
    e = np.zeros(like.shape)
    e[idx] = 1.0
    return e


def _positions(program):
    names_ = [p for p, _ in program.params]
    return [names_.index(w) for w in program.wrt]


# ---- second order ------------------------------------------------------------------------
def _hvp(v, gradient):
    def call(program, f, args, wrt, jit):
        h = s2sad.hvp(f, wrt=wrt, jit=jit)
        vv = tuple(v) if isinstance(wrt, tuple) else v[0]
        value, grads, hv = h.grad_and_hvp(*copy_args(args), vv)
        hv, plain = listed(hv, wrt), listed(h(*copy_args(args), vv), wrt)
        if _max_err(plain, hv) > 1e-3:
            raise WrongAnswer("hvp_api", "hvp(f)(x, v) and hvp(f).grad_and_hvp(x, v) disagree")
        primal = float(f(*copy_args(args)))
        if not abs(float(value) - primal) <= 1e-9 * max(1.0, abs(primal)):
            raise WrongAnswer("hvp_value", f"grad_and_hvp's value {float(value)!r}, primal {primal!r}")
        want = gradient(copy_args(args))
        if want is not None and _max_err(listed(grads, wrt), want) > 10.0:
            raise WrongAnswer("hvp_grad", "grad_and_hvp's gradient differs from the trusted gradient")
        return hv, None, h
    return call


def _hessian(v):
    def call(program, f, args, wrt, jit):
        hf = s2sad.hessian(f, wrt=wrt, jit=jit)
        like = [args[p] for p in _positions(program)]
        h = hf(*copy_args(args))
        blocks = h if isinstance(wrt, tuple) else ((h,),)
        out = []
        for i, a in enumerate(like):
            total = 0.0
            for j, b in enumerate(like):
                block = blocks[i][j]
                if np.shape(block) != np.shape(a) + np.shape(b):
                    raise WrongAnswer("shape", f"hessian block {i},{j} has shape {np.shape(block)} for "
                                      f"arguments {np.shape(a)}, {np.shape(b)}")
                total = total + np.tensordot(block, v[j], axes=np.ndim(b))
            out.append(np.asarray(total, dtype=np.float64) if isinstance(a, np.ndarray) else float(total))
        return out, None, hf
    return call


def _gg(program, f, args, wrt, jit):
    gg = s2sad.grad(s2sad.grad(f, wrt=wrt, jit=jit), wrt=wrt, jit=jit)
    return [gg(*copy_args(args))], None, gg


def _skipped(why):
    return {"status": "skipped", "check": "", "detail": why}


def run(mode, program, module, args, ref, context, seconds=60.0):
    """The status record of ``mode`` on the program (``context``: a dict shared by the modes
    of one program: the jit=False gradient's record ``py`` and the second-order references)."""
    kind, jit = KIND[mode], MODES[mode]
    if kind == "grad":
        return run_mode(program, module, args, jit, ref, seconds)
    if kind == "aux" and not program.scalar_output:
        return _skipped("has_aux needs a scalar loss")
    if kind not in SECOND:
        call = {"vjp": _vjp, "jvp": _jvp, "ckpt": _checkpoint, "aux": aux_call}[kind]
        return run_mode(program, module, args, jit, ref, seconds, call=call, check=kind)
    setup = second_order(kind, program, module, args, ref, context)
    if isinstance(setup, str):
        return _skipped(setup)
    target, v, second = setup
    gradient = (lambda a: None) if isinstance(second, str) else second.gradient
    call = {"hvp": _hvp(v, gradient), "hessian": _hessian(v), "gg": _gg}[kind]
    res = run_mode(target, module, args, jit, None if isinstance(second, str) else second, seconds, call=call,
                   check=kind)
    if isinstance(second, str) and res["status"] == "skipped":
        res["detail"] = second        # it ran, and nothing can judge its numbers: only a failure counts
    return res


def second_order(kind, program, module, args, ref, context):
    """(the program as differentiated, v, its SecondOrder reference or why there is none) for a
    second-order kind, or why the kind does not apply to the program."""
    if not program.scalar_output:
        return "second order needs a scalar output"
    target = program
    if kind == "gg":
        number = next((w for w, spec in program.params if w in program.wrt and spec == ()), None)
        if number is None:
            return "grad(grad(f)) needs a number among the differentiated arguments"
        target = replace(program, wrt=(number,))
    v = [1.0] if kind == "gg" else direction(target, args)      # grad(grad(f)) is H v for v = 1
    return target, v, _second(target, module, args, ref, context, v)


def _second(target, module, args, ref, context, v):
    """The SecondOrder reference for ``target.wrt`` and ``v`` (cached in ``context``), or why there is none."""
    key = ("second", repr(v)) + tuple(target.wrt)
    if key in context:
        return context[key]
    if "py" not in context:
        context["py"] = run_mode(ref.program, module, args, False, ref)
    wrt = _wrt_spec(target)
    g = s2sad.grad(module.f, wrt=wrt)

    def s2sad_gradient(a):
        return listed(g(*a), wrt)
    # at a kink the gradient is unjudged, and so is everything differenced from it: the same steps
    # cross the same decision, so the second-order check says nonsmooth too
    gradient, source = trusted_gradient(target, ref, context["py"]["status"] in ("ok", "nonsmooth"), s2sad_gradient)
    if gradient is None:
        context[key] = source
        return source
    try:
        with deadline(60.0):
            second = SecondOrder(target, args, v, gradient)
        second.source = source
    except (StepFailure, NoGradient, Timeout, np.linalg.LinAlgError, OverflowError) as exc:
        second = f"no second-order reference: {type(exc).__name__}: {str(exc)[:200]}"
    except Exception as exc:      # noqa: BLE001 - the gradient being differenced fails a step away
        second = f"no second-order reference: the gradient raises {type(exc).__name__}: {str(exc)[:200]}"
    context[key] = second
    return second

