"""Python's ``max``/``min`` of several values (``max(a, b, c)``, ``max([a, b, c])``): the left fold
of the two-argument form, never an array. Fuzz campaign seed 907763 (finding
``max_of_ragged_list_value_error``): ``max([a, np.atleast_2d(energy), dt])`` was converted with
``np.array`` like a NumPy call's list, a ragged array, and the generated code raised ValueError.
Of a number and an array Python returns one of them whole (the result's shape depends on the
values): where a derivative flows through that, s2sad refuses with a located error."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_jvp

JIT = [False, pytest.param(True, marks=pytest.mark.jit)]


def ragged_max_not_differentiated(a, dt):
    vals = []
    energy = 1.0
    vals.append(max([a, np.atleast_2d(energy), dt]))
    return 1.0 + 0.0 * a


def max_min_of_displays(a, b):
    return max([a * a, b, 0.5]) + min((a, 2.0 * b)) * 3.0


def max_min_of_several_arguments(a, b):
    return max(a, b * b, 0.5 * a) - min(b, a, b * 3.0)


def max_of_one_item(a, b):
    return max([a * b]) + min((b,)) * a


def max_of_number_and_matrix(a, dt):
    return np.sum(max([a, np.atleast_2d(dt), dt * 2.0]))


def max_of_lists(a, b):
    return max([a, b], [b, a])[0]


def test_ragged_max_not_differentiated_runs_as_python_does():
    g = s2sad.value_and_grad(ragged_max_not_differentiated, wrt=(0, 1))
    assert g(-0.94, -0.73) == (1.0, (0.0, 0.0))


@pytest.mark.parametrize("f", [max_min_of_displays, max_min_of_several_arguments, max_of_one_item])
@pytest.mark.parametrize("args", [(0.3, -0.7), (-1.2, 0.4), (0.9, 1.1)])
@pytest.mark.parametrize("jit", JIT)
def test_max_min_of_several_values(f, args, jit):
    check_grad(f, *args, wrt=(0, 1), jit=jit, reference="autograd")
    check_jvp(f, *args, wrt=(0, 1), tangent=(1.0, -0.5), jit=jit)


@pytest.mark.parametrize("jit", JIT)
def test_max_of_number_and_array_is_refused(jit):
    with pytest.raises(s2sad.UnsupportedSyntaxError, match=r"(?s)line 36.*max_of_number_and_matrix.*"
                       r"`max` of a number and a 2-d array.*np\.maximum"):
        s2sad.grad(max_of_number_and_matrix, wrt=(0, 1), jit=jit)(0.3, -0.2)
    with pytest.raises(s2sad.UnsupportedSyntaxError, match="`max` of a number and a 2-d array"):
        s2sad.jvp(max_of_number_and_matrix, wrt=(0, 1), jit=jit)(0.3, -0.2, (1.0, 1.0))


def test_max_of_lists_is_refused():
    with pytest.raises(s2sad.UnsupportedSyntaxError, match="(?s)line 40.*`max` of lists or tuples"):
        s2sad.grad(max_of_lists)(0.3, -0.2)


def max_of_unknown_rank(t, v):
    # the rank of `mu` is not inferred (det in a loop): the adjoint reads shapes when it runs
    # (fuzz seeds 1600016, 1600114, ...: refused by a first version of the check)
    mu = t * 1.0
    for j in range(2):
        mu = mu - 0.5 * np.linalg.det(np.outer(v, v) * t + np.eye(2))
    return t + (max(mu, 0.0) - np.floor(max(mu, 0.0))) + min(mu * t, 0.25)


@pytest.mark.parametrize("args", [(0.3, np.array([0.1, 2.0])), (1.7, np.array([0.3, -0.2]))])
@pytest.mark.parametrize("jit", JIT)
def test_max_of_value_of_unknown_rank(args, jit):
    check_grad(max_of_unknown_rank, *args, wrt=(0, 1), jit=jit)
    check_jvp(max_of_unknown_rank, *args, wrt=(0, 1), tangent=(1.0, np.array([0.3, 0.1])), jit=jit)
