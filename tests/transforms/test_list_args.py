"""transforms/list_args.py: a list or tuple given to a NumPy function is the array NumPy makes of
it, also when the name holds a join or repetition of lists (``[x[0]] + [x[1], x[2]]``), which
forward mode differentiates (reverse mode refuses joins with a located error)."""
import numpy as np
import pytest

from s2sad.testing import check_jvp


def minimum_of_a_joined_list(x):
    a = [x[0]] + [x[1], x[2]]
    return np.sum(np.minimum(a, 0.2) ** 2)


def maximum_of_a_joined_tuple(x):
    a = (x[0], x[1]) + (x[2] * x[3],)
    return np.sum(np.maximum(a, 0.0) ** 2)


def clip_of_a_repeated_list(x):
    a = [x[0] - x[1]] * 2
    a = a + [x[2]]
    return np.sum(np.clip(a, -0.5, 0.25) * np.arange(3.0))


@pytest.mark.parametrize("f", [minimum_of_a_joined_list, maximum_of_a_joined_tuple, clip_of_a_repeated_list],
                         ids=lambda f: f.__name__)
def test_forward_mode_of_a_numpy_function_of_a_joined_list(f):
    """The rule's mask compared the list itself (AdjointFailedError: '<=' not supported between
    'list' and 'float'). Failed before the fix."""
    check_jvp(f, np.array([0.3, 0.1, -0.7, 0.5]), tangent=np.array([1.0, -0.5, 0.25, 2.0]))
