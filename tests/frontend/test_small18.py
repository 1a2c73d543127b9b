"""Two calls users write that were refused, now differentiated exactly.

Python's ``sum(xs, start)`` / ``sum(xs, start=s)`` is differentiated as written: the builtin's
left fold ``start + xs[0] + xs[1] + ...`` runs unchanged, the start gets the result's adjoint
(summed over the axes the elements broadcast it along, resp. the elements over those the start
broadcast them along), and an empty ``xs`` gives ``start`` itself. Checked against finite
differences, in Python and compiled (jit=True).

``np.diff(a, n, axis, prepend=p, append=q)`` is NumPy's ``np.diff`` of ``a`` joined with ``p`` and
``q`` along ``axis`` (frontend/diff_edges.py), a number broadcast to ``a``'s shape with that axis of
length 1; an ``n`` that is not a positive integer constant (``n=0`` ignores both) is refused, located."""
import numpy as np
import pytest

import s2sad
from s2sad import NoDerivativeError, UnsupportedSyntaxError
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


def diff_prepend_number(x):
    return np.sum(np.diff(x, prepend=0.0) ** 2)


def diff_append_element(x):
    return np.sum(np.diff(x, append=x[0]) ** 2)


def diff_int_prepend(x):
    return np.sum(np.diff(x * x, prepend=1) * x)


def diff_twice_rows_both_edges(x):
    m = np.outer(x, x[:2])
    return np.sum(np.sin(np.diff(m, 2, axis=0, prepend=x[1], append=m[:1] * 2.0)))


def diff_columns_prepend_column(x):
    m = np.outer(x, x)
    return np.sum(np.diff(m, n=2, axis=1, prepend=x[:, None]) ** 2)


DIFFS = [diff_prepend_number, diff_append_element, diff_int_prepend, diff_twice_rows_both_edges,
         diff_columns_prepend_column]


@pytest.mark.parametrize("jit", [False, True])
@pytest.mark.parametrize("f", DIFFS)
def test_diff_with_prepend_append_matches_finite_differences(f, jit):
    check_grad(f, X.copy(), jit=jit)


@pytest.mark.parametrize("f", DIFFS)
def test_diff_with_prepend_append_tangent_and_hvp(f):
    check_jvp(f, X.copy(), tangent=np.array([0.3, -1.0, 0.7]))
    check_hvp(f, X.copy(), v=np.array([0.3, -1.0, 0.7]))


def test_diff_edges_are_numpys():
    """The values, for a number, an array and both edges along each axis, are NumPy's own."""
    m = np.arange(6.0).reshape(2, 3) ** 2

    def edges(m):
        return (np.diff(m, prepend=-1.0), np.diff(m, axis=0, append=m[:1]),
                np.diff(m, 2, 0, prepend=2.0, append=3.0))
    out = s2sad.value_and_grad(lambda m: np.sum(edges(m)[0]) + np.sum(edges(m)[1]) + np.sum(edges(m)[2]))(m)[0]
    assert out == sum(np.sum(e) for e in edges(m))


def diff_n_zero(x):
    return np.sum(np.diff(x, n=0, prepend=1.0) ** 2)


def diff_n_variable(x, k):
    return np.sum(np.diff(x, k, prepend=1.0) ** 2)


def test_diff_edges_with_n_not_a_positive_constant_are_refused_located():
    for f, args in ((diff_n_zero, (X,)), (diff_n_variable, (X, 1))):
        with pytest.raises(UnsupportedSyntaxError) as info:
            s2sad.grad(f)(*args)
        msg = str(info.value)
        assert "test_small18.py" in msg and "prepend=1.0" in msg and "n=0" in msg, msg


def sum_joins_lists(x):
    ys = sum([[x[0] * 2.0], [x[1], x[2]]], [])  # noqa: RUF017 (the construct refused)
    return ys[0] + 3.0 * ys[1]


def sum_adds_list_displays_to_a_list(x):
    ys = sum([[x[0], x[1]], [x[2], x[0]]], [x[1]])
    return ys[0]


def sum_joins_named_lists(x):
    a, b, start = [x[0]], [x[1]], [x[2]]
    ys = sum([a, b], start)
    return ys[0] + 3.0 * ys[1] + 5.0 * ys[2]


@pytest.mark.parametrize("f", [sum_joins_lists, sum_adds_list_displays_to_a_list, sum_joins_named_lists])
def test_sum_joining_lists_is_refused_located(f):
    """Python joins the lists; s2sad, which reads a display summed as an array, refuses (a silent
    ``[x1] + array([x0, x1]) + ...`` would be a wrong value and gradient)."""
    with pytest.raises((UnsupportedSyntaxError, NoDerivativeError)) as info:
        s2sad.grad(f)(X.copy())
    msg = str(info.value)
    assert "test_small18.py" in msg and "ys = sum(" in msg and "joins them" in msg, msg
