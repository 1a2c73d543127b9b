"""A dict read with a name bound once to a string inside a branch or a loop body (open47; dict
keys not constant: 52 fuzz refusals): ``else: kk = 'c'; u = np.sum(ps[kk])`` was refused on main
("a dict read or written with a key that is not a constant"); ``constant_keys`` took ``k = 'b'``
only in the function's own top-level body. In any block, the statements after it there read
the string. A key bound twice, or read outside the block, keeps the refusal."""
import numpy as np
import pytest

import s2sad
from tests.exact_modes import check_modes


def in_branch(x):
    if x[0] > 5.0:
        u = np.sum(x)
    else:
        ps = {'a': x[1:] * 2.0, 'c': np.sin(x)}
        kk = 'c'
        u = np.sum(ps[kk]) + np.sum(ps.get('a', 0.0))
    return u * x[2]


def in_loop(x):
    tot = 0.0
    for i in range(2):
        terms = {'lo': x[0] * i, 'hi': np.cos(x[1] + i)}
        kk = 'hi'
        tot = tot + terms.get(kk) + terms.get('lo', 0.0)
    return tot


X = np.array([0.3, -0.7, 1.1])
CASES = [in_branch, in_loop]


@pytest.mark.parametrize("fn", CASES, ids=[f.__name__ for f in CASES])
def test_exact(fn):
    check_modes(fn, X, np.array([0.7, -0.2, 0.4]))


def bound_in_both_branches(x):
    d = {'a': x[0], 'b': x[1] * 2.0}
    if x[2] > 0:
        k = 'a'
    else:
        k = 'b'
    return d[k] * x[2]


def read_after_the_block(x):
    d = {'a': x[0], 'b': x[1] * 2.0}
    if x[2] > 0:
        k = 'b'
        x = x * 2.0
    return d[k]


@pytest.mark.parametrize("fn", [bound_in_both_branches, read_after_the_block])
def test_others_stay_refused_located(fn):
    with pytest.raises(s2sad.S2sadError) as e:
        s2sad.grad(fn)(X.copy())
    assert __file__ in str(e.value) and "not a constant" in str(e.value)
