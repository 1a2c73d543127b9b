"""Regression tests for the soundness issue (#8): each function once gave a silently wrong
gradient or an internal error. Checked against finite differences in both modes, and against
autograd where it runs the function."""
import numpy as np
import pytest

from tests.corpus import soundness_funcs as F
from s2sad.testing import check_against_autograd, check_grad, check_hvp

X = np.array([0.3, -0.7, 1.2, 0.5])
P = np.array([[1.0, 2.0], [3.0, 4.0], [0.5, -1.0], [2.0, 0.3]])
R = np.random.default_rng(7)
A3, B3, V3 = R.normal(size=(3, 2, 3)), R.normal(size=(3, 3, 4)), R.normal(size=3)
A1, B1 = R.normal(size=(1, 2, 3)), R.normal(size=(1, 3, 4))

BOTH_MODES = [
    (F.list_of_zip, (X, X[::-1]), 0), (F.list_of_zip, (X, X[::-1]), 1),   # list(...) as a comprehension
    (F.list_of_enumerate, (X,), 0), (F.list_of_an_array, (P,), 0), (F.list_of_a_generator, (X,), 0),
    (F.list_with_dtype, (1.5, 2.0), (0, 1)),
    (F.nested_list, (1.5, 2.0), (0, 1)),
    (F.rotation, (0.3,), 0),
    (F.stack_axis, (X, X + 1), (0, 1)),
    (F.mean_of_list, (1.5, 2.0), (0, 1)),
    (F.norm_of_list, (1.5, 2.0), (0, 1)),
    (F.quaternion, (0.4,), 0),
    (F.builtin_sum_of_list, (1.5, 0.3), (0, 1)),
    (F.enumerate_zip, (X, X * 2), (0, 1)),
    (F.enumerate_reversed_start, (X, 0.7), (0, 1)),
    (F.nested_zip, (X, X * 2), (0, 1)),
    (F.unpack_rows, (P,), 0),
    (F.zip_range, (X,), 0),
    (F.de_casteljau, (P,), 0),
    (F.de_casteljau_weighted, (P, 0.3), (0, 1)),
    (F.early_return_other_branch, (1.3, 1.0), 0),
    (F.early_return_other_branch, (1.3, -1.0), 0),
    (F.early_return_in_loop, (X, 1.5), 0),
    (F.early_return_in_loop, (X, 0.5), 0),
    (F.early_return_in_loop, (X, -1.0), 0),
    (F.for_else, (X,), 0),
    (F.for_else, (X + np.array([0.0, 0.0, 5.0, 0.0]),), 0),
    (F.while_else, (0.5,), 0),
    (F.while_else, (5.0,), 0),
    (F.chained_index_writes, (X[:2],), 0),
    (F.string_defaults, (X,), 0),
    (F.list_comprehension, (X,), 0),
    (F.generator_in_sum, (X,), 0),
    (F.comprehension_over_range, (X,), 0),
    (F.comprehension_shadows, (X,), 0),
    (F.nested_def, (1.1, 3), 0),
    (F.nested_def_rk4, (np.array([0.5, 1.0]), 0.7), (0, 1)),
    (F.nested_def_reads_later_local, (0.7,), 0),
    (F.lambda_assigned_to_a_name, (np.array([0.3, -0.5]), 1.5), (0, 1)),
    (F.nested_def_with_defaults_reading_locals, (np.array([0.5, 1.0]), 0.7), (0, 1)),
    (F.augassign_scalar_param, (1.33,), 0),
    (F.helper_list_in_loop, (0.85,), 0),
    (F.loop_over_rebound_name, (X,), 0),
    (F.dot_of_views_before_inplace_rows, (P,), 0),
    (F.sort_in_loop, (X,), 0),
    (F.hypot_of_zeros, (0.4,), 0),
    (F.det_of_singular, (0.7,), 0),
    (F.method_of_global_array, (X[:3],), 0),
    (F.write_through_helper_result, (np.array([[-0.5, 1.3, 1.2], [0.1, -0.8, 0.7]]),), 0),
    (F.transpose_view_after_row_write, (np.array([[0.7, 1.3, -0.25], [-0.75, 0.85, 1.15]]),), 0),
    (F.arctan2_at_origin, (X[:3],), 0),
    (F.logistic_map, (3.3,), 0),
    (F.mask_in_loop, (R.normal(size=7), np.array([0, 1, 0, 2, 1, 2, 2])), 0),
    (F.iterate_over_rebound_name, (np.array([-0.02, -0.82, -0.22]), np.array([-1.38, -1.18, 0.33])), 0),
    (F.ragged_list_parameter, ([X[:2], X[1:]], X[:2] + 1.0), 1),
    (F.adjoint_of_a_number_read_through_a_view, (P.T, 0.86), (0, 1)),
    (F.rebound_with_another_shape, (X,), 0),
    (F.rebound_with_another_shape_while, (X, 3), 0),
    (F.rebound_with_another_shape_while, (X, 0), 0),
    (F.rebound_in_nested_loops, (X,), 0),
    (F.rebound_in_one_branch, (X, 1.0), 0),
    (F.rebound_in_one_branch, (X, -1.0), 0),
    (F.parameter_made_active_in_loop, (X, X[::-1]), 0),
    (F.write_through_alias_then_rebind, (-X - 0.4, X), (0, 1)),
    (F.states_read_from_the_end, (X[:3], R.normal(size=(3, 3))), (0, 1)),
    (F.window_from_the_end, (0.7, 1.3), (0, 1)),
    (F.open_slice_of_a_growing_list, (0.7, 1.3), (0, 1)),
    (F.write_from_the_end, (0.7, 1.3), (0, 1)),
    (F.variable_index_from_the_end, (0.7, 1.3), (0, 1)),
    (F.whole_list_read_while_it_grows, (X,), 0),
    (F.numbers_joined_to_an_array, (R.normal(size=7), 1.3), (0, 1)),
    (F.clip_number_between_array_bounds, (0.9, 0.7), (0, 1)),
    (F.clip_number_between_array_bounds, (1.3, 0.4), (0, 1)),
    (F.rotation_with_a_constant_row, (np.array([0.3, -0.4, 0.8]),), 0),
    (F.astype_of_a_mask, (np.array([0.3, -0.4, 2.0, -0.7]),), 0),
    (F.fro_norm_of_a_sum_with_eye, (P,), 0),
    (F.builtin_all_any_gates, (X, 0.5), (0, 1)),
    (F.builtin_all_any_gates, (-np.abs(X), 1.5), (0, 1)),
    (F.builtin_all_any_gates, (X - 6.0, -1.5), (0, 1)),
    (F.helper_returning_a_tuple_early, (np.array([0.5, -0.3]), np.array([0.1, 0.2, 0.3])), (0, 1)),
    (F.helper_returning_a_tuple_early, (np.array([0.5, -0.3]), np.array([3.1, 2.2, 0.3])), (0, 1)),
    (F.average_over_an_axis_not_differentiated, (X[:2], P[:3]), 0),
    (F.loop_over_filter_and_iter, (0.7, np.array([1.0, 0.0, 2.0])), 0),
    (F.polygon_of_tuples, (np.array([0.3, -0.5, 1.2, 0.7, -0.2, 0.9]),), 0),
    (F.pairs_by_comprehension_with_early_return, (X, X[::-1]), (0, 1)),
    (F.pairs_by_comprehension_with_early_return, (X * 0.5, X[::-1]), (0, 1)),
]
PYTHON_ONLY = [  # ranks change between iterations, stacks of matrices, ragged lists: numba refuses (JitError)
    (F.list_of_rows_and_numbers, (P, X), 0), (F.list_of_rows_and_numbers, (P, X), 1),
    (F.tuple_of_shapes_in_loop, (np.array([0.3, -0.2, 1.1]),), 0),
    (F.full_from_a_3d_value, (0.7,), 0),
    (F.std_of_constant_rows, (0.5,), 0),  # exactly constant rows (0.4 leaves 1e-17 of rounding)
    (F.list_of_weight_matrices, (R.normal(size=(3, 2)), R.normal(size=(2, 3)), R.normal(size=2)), (0, 1, 2)),
    (F.argmax_axis_gather, (P,), 0),
    (F.nested_comprehension, (X, X[:2]), (0, 1)),  # numba cannot build an array from a list of lists
    (F.grows_by_broadcast, (np.array([0.5, 1.0]), np.array([[1.0, 2.0], [0.3, 0.1]])), (0, 1)),
    (F.batched_matmul, (A3, B3), (0, 1)),
    (F.batched_matmul, (A1, B1), (0, 1)),
    (F.batched_matmul, (A3, B3[0]), (0, 1)),
    (F.batched_matvec, (A3, V3), (0, 1)),
    (F.attention, (R.normal(size=(2, 3, 4)), R.normal(size=(2, 5, 4))), (0, 1)),
    (F.sum_of_mixed_ranks, (X,), 0),
    (F.ragged_constant_indices, (X,), 0),
    (F.ragged_pieces_in_loop, (X,), 0),
    (F.copy_of_a_growing_list_to_a_helper, (X,), 0),  # numba: no zeroed() of a list of numbers
    (F.layers_as_tuples_of_array_and_number, (R.normal(size=(3, 3)), R.normal(size=(3, 3)), V3), (0, 1, 2)),
]


RECURSION = [  # reverse mode only (forward mode refuses recursion): not in test_forward's corpus
    (F.recursion_over_index_bounds, (np.array([0.3, -0.5, 1.2, 0.7, -0.2]),), 0),
    (F.recursion_beside_integer_temporaries, (np.array([0.3, -0.5, 1.2, 0.7, -0.2]),), 0),
]


def _id(case):
    return case[0].__name__


@pytest.mark.parametrize("jit", [False, True])
@pytest.mark.parametrize("f, args, wrt", BOTH_MODES, ids=[_id(c) for c in BOTH_MODES])
def test_both_modes(f, args, wrt, jit):
    check_grad(f, *args, wrt=wrt, jit=jit)


@pytest.mark.parametrize("jit", [False, True])
@pytest.mark.parametrize("f, args, wrt", RECURSION, ids=[_id(c) for c in RECURSION])
def test_recursion_both_modes(f, args, wrt, jit):
    check_grad(f, *args, wrt=wrt, jit=jit)


@pytest.mark.parametrize("f, args, wrt", PYTHON_ONLY, ids=[_id(c) for c in PYTHON_ONLY])
def test_python_mode(f, args, wrt):
    check_grad(f, *args, wrt=wrt)


AUTOGRAD = [c for c in BOTH_MODES + PYTHON_ONLY if c[0] not in (
    F.list_with_dtype, F.builtin_sum_of_list, F.unpack_rows, F.quaternion, F.chained_index_writes,
    F.for_else, F.while_else, F.dot_of_views_before_inplace_rows, F.method_of_global_array, F.astype_of_a_mask,
    F.std_of_constant_rows, F.hypot_of_zeros, F.det_of_singular, F.augassign_scalar_param,
    F.write_through_helper_result, F.transpose_view_after_row_write, F.arctan2_at_origin,
    F.logistic_map, F.adjoint_of_a_number_read_through_a_view, F.write_through_alias_then_rebind,
    F.clip_number_between_array_bounds)]  # autograd lacks these forms


@pytest.mark.parametrize("f, args, wrt", AUTOGRAD, ids=[_id(c) for c in AUTOGRAD])
def test_against_autograd(f, args, wrt):
    import autograd.numpy as anp
    module = {"np": anp}
    g = type(f)(f.__code__, {**f.__globals__, **module}, f.__name__)
    from s2sad import grad
    check_against_autograd(g, *args, wrt=wrt, analytic=grad(f, wrt=wrt)(*args))


def test_ragged_list_under_jit_is_refused_not_garbage():
    import s2sad
    with pytest.raises(s2sad.S2sadError, match="different shapes"):
        s2sad.grad(F.list_of_weight_matrices, wrt=(0, 1), jit=True)(
            R.normal(size=(3, 2)), R.normal(size=(2, 3)), R.normal(size=2))
    with pytest.raises(s2sad.S2sadError, match="different shapes"):
        s2sad.grad(F.ragged_pieces_in_loop, jit=True)(X)


@pytest.mark.parametrize("jit", [False, True])
def test_vjp_through_a_view_of_the_incoming_gradient(jit):
    import s2sad
    b, coef, dout = np.array([0.3, 0.5]), np.array([0.1, 0.2, 0.3, 0.4]), np.array([1.0, 2.0, 3.0, 4.0])
    keep = dout.copy()
    db, dcoef = s2sad.vjp(F.flip_of_a_written_array, wrt=(0, 1), jit=jit)(b, coef, dout)
    assert np.array_equal(dout, keep)            # the caller's array is never modified
    assert np.allclose(dcoef, -keep, rtol=0, atol=1e-15)
    assert np.allclose(db, [keep[1] + keep[2], 0.0], rtol=0, atol=1e-15)


def test_tuples_of_an_array_and_a_number_under_jit():
    """Refused with the line under jit until stop 57 (jit57: rows of an array and numbers compile)."""
    import s2sad
    W1, W2 = R.normal(size=(3, 3)), R.normal(size=(3, 3))
    jitted = check_grad(F.layers_as_tuples_of_array_and_number, W1, W2, V3, jit=True)
    np.testing.assert_allclose(jitted, s2sad.grad(F.layers_as_tuples_of_array_and_number)(W1, W2, V3), rtol=1e-10)


def test_transpose_by_zip_star_is_followed():
    """Refused until stop 56 (frontend/unzip_assigns.py: one comprehension per name)."""
    check_grad(F.transpose_by_zip_star, P[:3])


@pytest.mark.parametrize("f, args, error, line", [
    (F.loop_over_a_name_holding_zip, (X, X[::-1]), "UnsupportedSyntaxError", "for a, b in z:"),
])
def test_zip_and_enumerate_as_values_are_refused_with_the_line(f, args, error, line):
    import s2sad
    with pytest.raises(s2sad.S2sadError) as info:
        s2sad.grad(f)(*args)
    assert type(info.value).__name__ == error and line in str(info.value) and "soundness_funcs.py" in str(info.value)
    assert "s2sad.adjoint(zip)" not in str(info.value) and "s2sad.adjoint(enumerate)" not in str(info.value)


def test_loop_over_a_global_dict():
    """Python mode only (numba has no global dicts: JitError). Its hvp differentiates an adjoint
    that takes the dict as a parameter, whose `.items()` was refused (now the dict's entries)."""
    check_grad(F.loop_over_a_global_dict, 0.7)
    check_hvp(F.loop_over_a_global_dict, 0.7, v=1.0)
