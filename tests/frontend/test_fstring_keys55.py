"""Dicts keyed by f-strings (issue 8, objects55; ``frontend/constant_keys.py``).

``d = {f"w{i}": w[i] for i in range(3)}`` was followed, but reading it back in a counted loop
(``for j in range(3): s += d[f"w{j}"] ** 2``), with ``.get(f"{k}_b", 0.0)`` in a loop over
strings, or writing it so (``d[f"w{i}"] = ...``) was refused on main: "a dict read or written
with a key that is not a constant". Each copy of the unrolled loop now reads the string Python
formats from the item's constants."""
import numpy as np
import pytest

from s2sad.testing import check_against_autograd, check_grad, check_jvp

W = np.array([0.3, -1.2, 0.8])
T = np.array([0.7, -0.4, 1.1])


def counted_read(w):
    d = {f"w{i}": w[i] for i in range(3)}
    s = 0.0
    for j in range(3):
        s += d[f"w{j}"] ** 2
    return s


def string_loop_get(w):
    d = {f"{n}_b": w[i] for i, n in enumerate(["a", "b", "c"])}
    s = 1.0
    for k in ("a", "b", "c"):
        s = s * d.get(f"{k}_b", 0.0) + d[f"{k}_b"]
    return s


def counted_write(w):
    d = {}
    for i in range(3):
        d[f"w{i}"] = w[i] * 2.0
    return d["w0"] * d["w2"] + d[f"w{1}"]


def enumerated_with_spec(w):
    d = {f"w{i:02d}": w[i] for i in range(3)}
    s = 0.0
    for j, c in enumerate([1.0, 2.0, 3.0]):
        s += c * np.sin(d[f"w{j:02d}"])
    return s


@pytest.mark.parametrize("fn", [counted_read, string_loop_get, counted_write, enumerated_with_spec])
def test_grad_jvp(fn):
    check_grad(fn, W.copy())
    check_jvp(fn, W.copy(), tangent=T)
    check_against_autograd(fn, W.copy())


def test_jit():
    check_grad(counted_read, W.copy(), jit=True)
