"""frontend/dict_comprehensions.py (stop 50, issue 8): ``{k: v * x[i] for i, k in enumerate(names)}``
was refused as "a dict comprehension" in every mode, although its keys are constants known when the
code is read; it is now the dict display of its entries, in its order. A comprehension over values
not known then (a parameter, a global that may change) stays refused, saying what is followed."""
import numpy as np
import pytest

from s2sad.testing import check_grad, check_jvp

X = np.array([0.3, -0.2, 0.5])
T = np.array([1.0, 0.5, -2.0])
NAMES = ("a", "b", "c")


def enumerated_local_names(x):
    v = 2.0
    names = ["a", "b", "c"]
    d = {k: v * x[i] for i, k in enumerate(names)}
    return d["a"] * d["c"] + np.sin(d["b"])


def formatted_keys_with_a_condition(x):
    d = {f"w{i}": x[i] ** 2 for i in range(3) if i != 1}
    return d["w0"] + d["w2"] * 3.0 + len(d)


def zipped_and_looped(x):
    d = {k: w * x for k, w in zip(["p", "q"], [1.0, 3.0])}
    s = 0.0
    for k in d:  # noqa: PLC0206 (a loop over the dict itself, as users write it)
        s = s + np.sum(d[k] ** 2) * (2.0 if k == "q" else 1.0)
    return s


LIFTED = [enumerated_local_names, formatted_keys_with_a_condition, zipped_and_looped]


@pytest.mark.parametrize("jit", [False, True])
@pytest.mark.parametrize("fn", LIFTED, ids=[f.__name__ for f in LIFTED])
def test_comprehension_over_constants_is_a_display(fn, jit):
    """On main: UnsupportedSyntaxError ("a dict comprehension") in both modes."""
    check_grad(fn, X.copy(), jit=jit)
    check_jvp(fn, X.copy(), tangent=T, jit=jit)


def over_a_parameter(x, names):
    d = {k: x[i] for i, k in enumerate(names)}
    return d["a"] * d["b"]


def over_a_changed_local_list(x):
    names = ["a", "b"]
    names.append("c")
    d = {k: x[i] for i, k in enumerate(names)}
    return d["c"] * d["a"]


def test_keys_not_known_when_read_are_the_loop_that_builds_the_dict():
    """Refused at stop 50 (the keys are not constants); stop 52 writes the comprehension as its loop
    (frontend/dict_builds.py) and follows the dict's run-time keys (frontend/runtime_keys.py). A
    changed local list is still not taken for constants: the keys are found at run time."""
    check_grad(over_a_parameter, X.copy(), ["a", "b", "c"])
    check_jvp(over_a_parameter, X.copy(), ["c", "b", "a"], tangent=T)
    check_grad(over_a_changed_local_list, X.copy())
