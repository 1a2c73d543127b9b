"""Python's ``sum(xs, start)`` / ``sum(xs, start=s)`` is differentiated as written: the builtin's
left fold ``start + xs[0] + xs[1] + ...`` runs unchanged, the start gets the result's adjoint
(summed over the axes the elements broadcast it along, resp. the elements over those the start
broadcast them along), and an empty ``xs`` gives ``start`` itself. Checked against finite
differences, in Python and compiled (jit=True)."""
import numpy as np
import pytest

from s2sad.testing import check_grad, check_hvp, check_jvp

X = np.array([1.0, 2.0, 3.5])


def sum_gen_start(x):
    return sum((x[i] ** 2 for i in range(3)), x[0])


def sum_list_start_keyword(x):
    return sum([x[i] * x[0] for i in range(3)], start=1.0)


def sum_numbers_onto_array_start(x):
    return np.sum(sum([x[0], x[1]], x * 3.0) ** 2)


def sum_arrays_onto_number_start(x):
    return np.sum(sum([x * x[0], x], 2.0) ** 2)


def sum_empty_gives_start(x):
    return sum((x[i] for i in range(0)), x[1] * x[2])


def sum_vectors_onto_matrix_start(x):
    return np.sum(sum([x[:2], x[1:]], np.outer(x, x[:2])) ** 2)


def sum_rows_onto_matrix_start(x):
    return np.sum(np.sin(sum(np.outer(x, x[:2]), np.outer(x[:2], x[1:]))))


FUNCS = [sum_gen_start, sum_list_start_keyword, sum_numbers_onto_array_start, sum_arrays_onto_number_start,
         sum_empty_gives_start, sum_vectors_onto_matrix_start, sum_rows_onto_matrix_start]


@pytest.mark.parametrize("jit", [False, True])
@pytest.mark.parametrize("f", FUNCS)
def test_sum_with_start_matches_finite_differences(f, jit):
    check_grad(f, X.copy(), jit=jit)


@pytest.mark.parametrize("f", FUNCS)
def test_sum_with_start_tangent_and_hvp(f):
    check_jvp(f, X.copy(), tangent=np.array([0.3, -1.0, 0.7]))
    check_hvp(f, X.copy(), v=np.array([0.3, -1.0, 0.7]))
