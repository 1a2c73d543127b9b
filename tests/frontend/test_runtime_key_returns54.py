"""A helper returning a dict whose keys are known only when it runs: refused at its line.

On main (054009e) the loop form was refused at ``d[k] = ...`` with advice to do what the helper
already does (``acc = {}``, ``acc[k] = v``); it is now refused at ``return d``
(frontend/runtime_keys.py), saying why. The comprehension form was already refused at its line
(pinned here)."""
import numpy as np
import pytest

import s2sad

X = np.array([0.3, -0.2, 0.5])


def by_loop(keys, x):
    d = {}
    for i, k in enumerate(keys):
        d[k] = x * (i + 1.0)
    return d


def by_comprehension(keys, x):
    return {k: x * i for i, k in enumerate(keys)}


def reads_one(x, names):
    d = by_loop(names, x)
    return np.sum(d["b"] ** 2)


def reads_all(x, names):
    d = by_loop(names, x)
    return sum(np.sum(v) for v in d.values())


def from_comprehension(x):
    d = by_comprehension(["a", "b"], x)
    return np.sum(d["b"])


@pytest.mark.parametrize("f", [reads_one, reads_all])
def test_a_returned_dict_with_run_time_keys_is_refused_at_the_return(f):
    for make, extra in ((s2sad.grad, ()), (s2sad.jvp, (X,))):
        with pytest.raises(s2sad.errors.UnsupportedSyntaxError, match=r"line \d+, column \d+, in by_loop") as info:
            make(f)(X.copy(), ["a", "b"], *extra)
        message = str(info.value)
        assert "    return d\n" in message and "known only when the function runs" in message


def test_a_returned_dict_comprehension_with_run_time_keys_still_refused_at_its_line():
    with pytest.raises(s2sad.errors.UnsupportedSyntaxError, match=r"line \d+, column \d+, in by_comprehension"):
        s2sad.grad(from_comprehension)(X.copy())


def builds_its_own(x, names):
    acc = {}
    for i, k in enumerate(names):
        acc[k] = x * (i + 1.0)
    return np.sum(acc["b"] ** 2)


def test_the_dict_built_in_the_function_differentiated_works():
    g = s2sad.grad(builds_its_own)(X.copy(), ["a", "b"])
    np.testing.assert_allclose(g, 8.0 * X)
