"""A 0-d array held by a list and by a shallow copy of it (found by the stop-44 campaign, seed
44005321): ``terms = items[:]; terms[0] += 0.5`` updates the 0-d array both lists hold, so
``sum(items)`` sees it (3.5); s2sad rebound ``terms[0]`` only and returned 3.0, a wrong value and
gradient. The lists that may hold a 0-d array (``alias_flow._holders``) now include slices and
``list(...)``/``tuple(...)`` copies of such a list, so the update is refused at its line like
the same update of a 1-d array; the list updated without a copy sharing it stays exact.
"""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad


def through_a_slice(params):
    items = [np.copy(params[0]), 0.0, params[1]]
    terms = items[:]
    terms[0] += 0.5
    return sum(items) * params[2]


def through_list(params):
    items = [np.copy(params[0]), params[1]]
    terms = list(items)
    terms[0] *= params[2]
    return items[0] * params[1]


@pytest.mark.parametrize("fn, line", [(through_a_slice, "terms[0] += 0.5"), (through_list, "terms[0] *= params[2]")])
def test_an_update_of_a_0d_array_a_list_copy_shares_is_refused(fn, line):
    with pytest.raises(s2sad.UnsupportedSyntaxError) as e:
        s2sad.grad(fn)(np.array([0.3, -0.7, 1.1]))
    assert __file__ in str(e.value) and line in str(e.value)


def unshared(params):
    items = [np.copy(params[0]), params[1]]
    items[0] += params[2]
    return items[0] * params[1] + sum(items)


def test_the_update_of_a_list_no_copy_shares_stays_exact():
    x = np.array([0.3, -0.7, 1.1])
    v, _ = s2sad.value_and_grad(unshared)(x.copy())
    assert v == unshared(x.copy())
    check_grad(unshared, x)
