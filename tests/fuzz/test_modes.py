"""The fuzzer's checks of the other modes (``modes.py``, ``second.py``): a right answer passes,
a deliberately broken jvp, vjp, checkpointed gradient, hvp, Hessian or grad(grad(f)) is flagged
with its mode and check, and a point where the function is not smooth is ``nonsmooth``.

s2sad's entry points are replaced by broken wrappers (monkeypatched), so these keep testing the
fuzzer whatever state the compiler is in."""
import numpy as np
import pytest

import s2sad

from . import modes, oracle
from .test_oracle import ARGS, PARAMS, SMOOTH, _program, _run

ALL = modes.names(modes.KINDS, (False,))


def test_every_mode_passes_a_right_answer(tmp_path):
    rec = _run(tmp_path, _program(SMOOTH, PARAMS, ("x", "w")), ARGS, ALL)
    assert rec["class"] == "ok", rec
    assert {m: r["status"] for m, r in rec["modes"].items()} == {m: "ok" for m in ALL}


def _wrap(monkeypatch, entry, transform, hvp_too=False):
    """Replace ``s2sad.<entry>`` by one whose callable's answer goes through ``transform`` (and
    the H v of its ``grad_and_hvp`` too with ``hvp_too``)."""
    real = getattr(s2sad, entry)

    def fake(f, *a, **k):
        inner = real(f, *a, **k)

        class Broken:
            def __call__(self, *args):
                return transform(inner(*args))

            def grad_and_hvp(self, *args):
                value, g, hv = inner.grad_and_hvp(*args)
                return value, g, transform(hv) if hvp_too else hv
        return Broken()
    monkeypatch.setattr(modes.s2sad, entry, fake)


def _scaled(r, by=1.001):
    return tuple(x * by for x in r) if isinstance(r, tuple) else r * by


@pytest.mark.parametrize("mode, entry, transform, check", [
    ("jvp", "jvp", lambda r: (r[0], _scaled(r[1])), "jvp"),
    ("jvp", "jvp", lambda r: (r[0], np.atleast_1d(r[1])), "shape"),
    ("vjp", "vjp", lambda r: _scaled(r, 1.0 / 1.25), "vjp"),          # ignores the head's scale (seed 1: c = 1.25)
    ("hvp", "hvp", lambda r: _scaled(r), "hvp_api"),                 # hvp and grad_and_hvp disagree
    ("hessian", "hessian", lambda r: tuple(tuple(b * 1.001 for b in row) for row in r), "hessian"),
])
def test_a_broken_mode_is_flagged(tmp_path, monkeypatch, mode, entry, transform, check):
    _wrap(monkeypatch, entry, transform)
    rec = _run(tmp_path, _program(SMOOTH, PARAMS, ("x", "w")), ARGS, (mode,))
    assert rec["class"] == "wrong", rec
    assert rec["modes"][mode]["check"] == check, rec["modes"][mode]


def test_a_wrong_hessian_vector_product_is_flagged(tmp_path, monkeypatch):
    _wrap(monkeypatch, "hvp", _scaled, hvp_too=True)
    rec = _run(tmp_path, _program(SMOOTH, PARAMS, ("x", "w")), ARGS, ("hvp",))
    assert (rec["class"], rec["modes"]["hvp"]["check"]) == ("wrong", "hvp"), rec


def test_a_wrong_second_derivative_of_a_number_is_flagged(tmp_path, monkeypatch):
    real = s2sad.grad

    def fake(f, wrt=0, jit=False, **k):
        g = real(f, wrt=wrt, jit=jit, **k)
        if isinstance(f, s2sad.api.GradFunction):       # the outer grad of grad(grad(f))
            return lambda *a: g(*a) + 0.01
        return g
    monkeypatch.setattr(modes.s2sad, "grad", fake)
    rec = _run(tmp_path, _program(SMOOTH, PARAMS, ("x", "w")), ARGS, ("gg",))
    assert (rec["class"], rec["modes"]["gg"]["check"]) == ("wrong", "gg"), rec


def test_a_checkpointed_gradient_off_by_more_than_rounding_is_a_mode_mismatch(tmp_path, monkeypatch):
    """1e-6 of the gradient: within the finite differences' tolerance, not within rounding of grad's."""
    real = s2sad.value_and_grad

    def fake(f, wrt=0, jit=False, **k):
        vg = real(f, wrt=wrt, jit=jit, **k)
        if not k.get("checkpoint"):
            return vg
        return lambda *a: (lambda r: (r[0], _scaled(r[1], 1 + 1e-6)))(vg(*a))
    monkeypatch.setattr(modes.s2sad, "value_and_grad", fake)
    monkeypatch.setattr(oracle, "_max_err", lambda a, b: 0.0)    # grad and value_and_grad agree
    rec = _run(tmp_path, _program(SMOOTH, PARAMS, ("x", "w")), ARGS, ("py", "ckpt"))
    assert rec["class"] == "mode_mismatch", rec
    assert [(i["mode"], i["check"]) for i in rec["issues"]] == [("ckpt", "ckpt")]


KINK = """
import numpy as np

def f(x, w):
    return np.sum(np.maximum(w, 0.0) ** 3) + x * np.abs(x)
"""


def test_a_kink_is_nonsmooth_in_every_mode(tmp_path):
    """w[1] sits 1e-6 from the kink of maximum(w, 0): a finite-difference step crosses it. grad(grad(f))
    differentiates x alone, smooth at 0.3."""
    rec = _run(tmp_path, _program(KINK, PARAMS, ("x", "w")), [0.3, np.array([0.5, 1e-6, -0.8])], ALL)
    assert {m: r["status"] for m, r in rec["modes"].items()} == {**{m: "nonsmooth" for m in ALL}, "gg": "ok"}


def _broken_aux(monkeypatch, transform):
    """``value_and_grad(f, has_aux=True)`` whose ``((loss, aux), gradient)`` goes through ``transform``."""
    real = s2sad.value_and_grad

    def fake(f, wrt=0, jit=False, **k):
        vg = real(f, wrt=wrt, jit=jit, **k)
        return (lambda *a: transform(vg(*a))) if k.get("has_aux") else vg
    monkeypatch.setattr(modes.s2sad, "value_and_grad", fake)


@pytest.mark.parametrize("transform", [
    lambda r: ((r[0][0], r[0][1] + 1e-6), r[1]),           # the aux is not the loss's
    lambda r: (r[0], _scaled(r[1])),                        # the gradient is off
])
def test_a_broken_has_aux_is_flagged(tmp_path, monkeypatch, transform):
    _broken_aux(monkeypatch, transform)
    rec = _run(tmp_path, _program(SMOOTH, PARAMS, ("x", "w")), ARGS, ("aux",))
    assert (rec["class"], rec["modes"]["aux"]["check"]) == ("wrong", "aux"), rec["modes"]["aux"]
