"""A dict accumulated in a loop over constants, keyed by a loop target (frontend/constant_keys.py),
and a ``defaultdict(float)`` accumulator read only by its entries (frontend/default_dicts.py).

On main ``for i, (k, v) in enumerate(zip(keys, vals)): acc[k] = acc.get(k, 0.0) + v * x[i]``,
with ``keys`` and ``vals`` constant lists, was refused as "`acc.get(k, ...)` with a key that is
not a constant". Such a loop is now one copy of its body per item, its targets bound to the
item's constants and the keys written in; ``acc = defaultdict(float)`` used only by its entries is
``{}`` read with ``acc.get(k, 0.0)`` (was refused as "a write ... which `defaultdict(...)` made"). Keys known only at run time, and a loop
that also runs over an array argument, are followed since stop 52 (test_dicts52.py)."""
from collections import defaultdict

import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_jvp
from tests.exact_modes import check_checkpointed, check_value_and_modes


def enumerate_zip_of_constants(x):
    keys = ["a", "b", "a", "c"]
    vals = [1.0, 2.0, 3.0, 4.0]
    acc = {}
    for i, (k, v) in enumerate(zip(keys, vals)):
        acc[k] = acc.get(k, 0.0) + v * x[i]
    return acc["a"] * acc["b"] + acc["c"]


def int_keys_of_a_display(x):
    acc = {}
    for i, k in enumerate((0, 1, 0, 2)):
        acc[k] = acc.get(k, 0.0) + np.sin(x[i])
    return acc[0] * acc[1] + acc[2] ** 2


def inside_a_descent_loop(x):
    w = x[0]
    for _ in range(3):
        grads = {}
        for i, (name, scale) in enumerate(zip(("p", "q", "p"), (0.5, 2.0, -1.0))):
            grads[name] = grads.get(name, 0.0) + scale * w * x[i + 1]
        w = w - 0.1 * (grads["p"] + grads["q"])
    return w * w


def a_defaultdict_accumulator(x):
    acc = defaultdict(float)
    for i, k in enumerate(("a", "b", "a", "c")):
        acc[k] += x[i] * np.cos(x[i])
    return acc["a"] ** 2 + acc["c"] * acc["b"] + acc["never_set"]


PROGRAMS = [enumerate_zip_of_constants, int_keys_of_a_display, inside_a_descent_loop, a_defaultdict_accumulator]
X = np.array([0.3, -0.7, 0.5, 1.1])
V = np.array([0.2, 0.5, -0.4, 0.3])


@pytest.mark.parametrize("f", PROGRAMS)
def test_a_dict_accumulated_over_constants(f):
    check_value_and_modes(f, X.copy(), V, autograd=False)
    check_checkpointed(f, X.copy())
    check_grad(f, X.copy(), jit=True)
    check_jvp(f, X.copy(), tangent=V, jit=True)


def keys_given_at_run_time(x, keys):
    acc = {}
    for k, v in zip(keys, x):
        acc[k] = acc.get(k, 0.0) + v
    return acc["a"] * acc["b"]


def values_not_constant(x):
    acc = {}
    for k, v in zip(("a", "b", "a"), x):
        acc[k] = acc.get(k, 0.0) + v * v
    return acc["a"] * acc["b"]


@pytest.mark.parametrize("f, args", [(keys_given_at_run_time, (X[:2].copy(), ["a", "b"])),
                                     (values_not_constant, (X[:3].copy(),))])
def test_keys_not_known_as_the_code_is_read(f, args):
    """Refused at stop 51; stop 52 follows both (frontend/runtime_keys.py; zip of constant keys with
    an array argument: frontend/constant_keys._items). tests/frontend/test_dicts52.py has more."""
    check_grad(f, *args)
    check_jvp(f, *args, tangent=V[:len(args[0])])


def a_defaultdict_measured(x):
    acc = defaultdict(float)
    for i, k in enumerate(("a", "b", "a")):
        acc[k] += x[i]
    return acc["a"] * acc["z"] + len(acc)      # the read of "z" inserted it: len is 3


def test_a_defaultdict_whose_keys_show_stays_refused():
    with pytest.raises(s2sad.UnsupportedSyntaxError, match=r"(?s)line \d+.*defaultdict"):
        s2sad.grad(a_defaultdict_measured)(X.copy())
