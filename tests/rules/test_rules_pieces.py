"""Rules whose helpers are in runtime_pieces.py: divmod/np.divmod, np.copysign, the np.split family,
np.meshgrid, np.ediff1d, np.linalg.matrix_power (n > 0, 0, < 0), np.corrcoef (rows and columns) and
np.polyfit (wrt y; x differentiated is refused, as are points that do not determine the fit).

Each is checked against central differences in reverse mode, its jvp against differences (and so
against the gradient), against autograd where autograd has the function, and with jit=True against
the Python adjoint where numba runs the function; the forms numba cannot run are located JitErrors."""
import warnings

import autograd.numpy as anp
import numpy as np
import pytest

import s2sad
from s2sad.backends.errors import JitError
from s2sad.testing import check_grad, check_jvp

R = np.random.default_rng(11)
X6 = R.normal(size=6)
X7 = R.normal(size=7)
M24 = R.normal(size=(2, 4))
M42 = R.normal(size=(4, 2))
M36 = R.normal(size=(3, 6))
A3 = R.normal(size=(3, 3)) + 3.0 * np.eye(3)
W = np.arange(1.0, 13.0).reshape(3, 4)


def divmods(x, y):
    q, r = divmod(x, y)
    _q2, r2 = np.divmod(x * 2.0, y)
    return np.sum(q * r + r ** 2) + np.sum(r2 * x)


def divmod_numbers(x, y):
    q, r = divmod(x, y)
    return q * r + r ** 2


def copysigns(x, y):
    return np.sum(np.copysign(x, y) * x) + np.sum(np.copysign(x ** 2 + 1.0, -1.0))


def splits(x):
    a, b, c = np.split(x, 3)
    return np.sum(a * b) + np.sum(c ** 2)


def split_unused_piece(x):
    _a, b, _c = np.split(x, [1, 4])
    return np.sum(b ** 3)


def array_splits(x):
    a, b, c = np.array_split(x, 3)
    return np.sum(a ** 2) + np.sum(b * 3.0) + np.sum(c ** 3)


def hsplits(m):
    a, b = np.hsplit(m, 2)
    return np.sum(a * b * a)


def vsplits(m):
    a, b = np.vsplit(m, 2)
    return np.sum(a * b) + np.sum(np.split(m, 2, axis=1)[1] ** 2)


def meshgrid_xy(x, y):
    a, b = np.meshgrid(x, y)
    return np.sum(a * b * a * W)


def meshgrid_ij(x, y):
    a, b = np.meshgrid(x, y, indexing="ij")
    return np.sum(a * b * a * W)


def meshgrid_three_sparse(x, y, z):
    a, b, c = np.meshgrid(x, y, z, sparse=True)
    return np.sum(a * b ** 2 * c)


def ediff(x):
    return np.sum(np.ediff1d(x) ** 2) + np.sum(np.ediff1d(np.reshape(x, (2, 3))) * 3.0)


def powers(a):
    return np.sum(np.linalg.matrix_power(a, 3) * W[:, :3]) + np.sum(np.linalg.matrix_power(a, 1) ** 2)


def power_zero(a):
    return np.sum(np.linalg.matrix_power(a, 0) * a)


def power_negative(a):
    return np.sum(np.linalg.matrix_power(a, -2) * W[:, :3]) + np.sum(np.linalg.matrix_power(a, -1))


def power_traced(a):   # numba's own matrix_power returned an optional array, which np.trace's helper refused
    return np.trace(np.linalg.matrix_power(a, 5)) + np.linalg.det(np.linalg.matrix_power(a, -3))


def power_autograd(a):
    return anp.sum(anp.dot(anp.dot(a, a), a) * W[:, :3]) + anp.sum(a ** 2)


def corr_rows(x):
    return np.sum(np.corrcoef(x) ** 3 * W[:, :3])


def corr_cols(x):
    return np.sum(np.corrcoef(x, rowvar=False) ** 3 * W[:, :3])


def corr_of_nested_list(a):   # the list-literal machinery hands each entry its adjoint (was tests/analyses/test_ir's refusal)
    return np.sum(np.corrcoef([[a[0, 0] * 2.0, a[0, 2], a[1, 1]], [a[2, 0], np.sin(a[2, 2]), a[3, 3] ** 2]])
                  * np.arange(4.0).reshape(2, 2))


XS = np.linspace(0.0, 1.0, 6)


def fit(y):
    return np.sum(np.polyfit(XS, y, 2) * np.array([1.0, 2.0, 3.0]))


def fit_columns(y):
    return np.sum(np.polyfit(XS, y, 1) ** 2)


def corr_one_variable(x):
    return np.corrcoef(x) * 2.0 + np.sum(x)


CASES = [(divmods, (X6 * 3.0, 0.7), (0, 1)), (copysigns, (X6, X6[::-1]), 0), (splits, (X6,), 0),
         (split_unused_piece, (X6,), 0), (vsplits, (M42,), 0), (hsplits, (M24,), 0), (ediff, (X6,), 0),
         (powers, (A3,), 0), (power_zero, (A3,), 0), (power_negative, (A3,), 0), (power_traced, (A3 * 0.3,), 0),
         (corr_rows, (M36,), 0), (corr_cols, (M36.T,), 0), (corr_of_nested_list, (R.normal(size=(4, 4)),), 0), (divmod_numbers, (2.3, -0.7), (0, 1))]


@pytest.mark.parametrize("f, args, wrt", CASES + [(array_splits, (X7,), 0), (meshgrid_xy, (X6[:4], X6[:3]), (0, 1)),
                                                  (meshgrid_ij, (X6[:3], X6[2:]), (0, 1)),
                                                  (meshgrid_three_sparse, (X6[:2], X6[:3], X6[1:5]), (0, 1, 2)),
                                                  (corr_one_variable, (X6,), 0),
                                                  (fit, (X6,), 0), (fit_columns, (M42.repeat(2, axis=0)[:6],), 0)],
                         ids=lambda v: getattr(v, "__name__", None))
def test_reverse_and_forward_against_differences(f, args, wrt):
    check_grad(f, *args, wrt=wrt)
    tangent = tuple(np.ones_like(np.asarray(args[p], dtype=float)) * 0.3 + 0.1 * np.arange(np.size(args[p])).reshape(
        np.shape(args[p])) for p in (wrt if isinstance(wrt, tuple) else (wrt,)))
    check_jvp(f, *args, wrt=wrt, tangent=tangent if isinstance(wrt, tuple) else tangent[0])


@pytest.mark.parametrize("f, args, wrt", [c for c in CASES if c[0] not in (divmods, split_unused_piece)],
                         ids=lambda v: getattr(v, "__name__", None))
def test_jit_equals_python(f, args, wrt):
    g_py = s2sad.grad(f, wrt=wrt)(*args)
    g_jit = s2sad.grad(f, wrt=wrt, jit=True)(*args)
    for a, b in zip(g_py if isinstance(wrt, tuple) else (g_py,), g_jit if isinstance(wrt, tuple) else (g_jit,)):
        np.testing.assert_allclose(b, a, rtol=1e-10, atol=1e-12)
    ones = tuple(np.ones_like(np.asarray(args[p], dtype=float)) for p in wrt) if isinstance(wrt, tuple) \
        else np.ones_like(np.asarray(args[wrt], dtype=float))
    t_py = s2sad.jvp(f, wrt=wrt)(*args, ones)[1]
    t_jit = s2sad.jvp(f, wrt=wrt, jit=True)(*args, ones)[1]
    np.testing.assert_allclose(t_jit, t_py, rtol=1e-10, atol=1e-12)


def test_against_autograd():
    g = s2sad.grad(ediff)(X6)
    import autograd
    ref = autograd.grad(lambda x: anp.sum(anp.diff(x) ** 2) + anp.sum(anp.diff(x) * 3.0))(X6)
    np.testing.assert_allclose(g, ref, rtol=1e-10)
    ours = s2sad.grad(lambda a: np.sum(np.linalg.matrix_power(a, 3) * W[:, :3]) + np.sum(np.linalg.matrix_power(a, 1) ** 2))
    np.testing.assert_allclose(ours(A3), autograd.grad(power_autograd)(A3), rtol=1e-10)
    ref = autograd.grad(lambda x, y: anp.sum(anp.where(y >= 0, anp.abs(x), -anp.abs(x)) * x))(X6, X6[::-1])
    np.testing.assert_allclose(s2sad.grad(lambda x, y: np.sum(np.copysign(x, y) * x))(X6, X6[::-1]), ref, rtol=1e-10)


@pytest.mark.parametrize("f, args", [(meshgrid_three_sparse, (X6[:2], X6[:3], X6[1:5])), (divmods, (X6 * 3.0, 0.7))],
                         ids=lambda v: getattr(v, "__name__", None))
def test_jit_refusals_are_located(f, args):
    """numba has no np.meshgrid (s2sad's compiles two arrays: tests/backends/test_orders_jit.py) and
    no divmod of arrays: each is a JitError naming the user's line, never a wrong gradient."""
    with pytest.raises(JitError) as info:
        s2sad.grad(f, jit=True)(*args)
    assert "test_rules_pieces.py" in str(info.value)


@pytest.mark.jit
@pytest.mark.parametrize("f, args", [(array_splits, (X7,)), (split_unused_piece, (X6,))],
                         ids=lambda v: getattr(v, "__name__", None))
def test_jit_uneven_pieces_compile(f, args):
    """Uneven pieces (array_split, split at indices): their adjoint is a list of arrays, one per piece
    (backends/numba_tuples.py), where numba's one array refused them."""
    np.testing.assert_allclose(check_grad(f, *args, jit=True), s2sad.grad(f)(*args), rtol=1e-12, atol=1e-14)


def with_end(x):
    return np.sum(np.ediff1d(x, to_end=x[:1]) ** 2)


def test_ediff1d_ends_are_joined():
    """np.ediff1d's to_end/to_begin (refused before: the rule covers None only) are read as a join
    (frontend/numpy_forms_more.py)."""
    check_grad(with_end, X6)


def fit_of_x(x, y):
    return np.sum(np.polyfit(x, y, 2) * np.array([1.0, -2.0, 3.0]))


def fit_of_x_columns(x, y):
    return np.sum(np.polyfit(x, y, 1) ** 2)


@pytest.mark.parametrize("f, args", [(fit_of_x, (XS + 0.1 * X6, X6 ** 2)), (fit_of_x_columns, (XS, M42.repeat(2, axis=0)[:6]))],
                         ids=["vector", "columns"])
def test_polyfit_wrt_the_points(f, args):
    check_grad(f, *args, wrt=(0, 1))
    check_jvp(f, *args, wrt=(0, 1), tangent=(np.linspace(-1.0, 1.0, 6), np.ones_like(args[1]) * 0.3))


def test_polyfit_refused_where_the_fit_is_not_unique():
    with pytest.raises(s2sad.NoDerivativeError, match="not unique") as info, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        s2sad.grad(fit_of_x, wrt=1)(np.ones(6), X6)
    assert "test_rules_pieces.py" in str(info.value)


def pieces_twice(x):
    a, b, c = np.split(x, 3)
    _q, r = np.divmod(x * 2.0, 0.7)
    return np.sum(a * b * c) + np.sum(np.ediff1d(x) ** 3) + np.sum(r ** 3)


def grids_twice(x, y):
    a, b = np.meshgrid(x, y)
    return np.sum(a ** 2 * b ** 3)


def test_hvp_through_the_pieces_helpers():
    """split_grad, ediff1d_grad, meshgrid_grad, divmod_grad are linear in the adjoint: their forward rules
    (tangents_adjoint.py) make hvp exact."""
    from s2sad.testing import check_hvp
    check_hvp(pieces_twice, X6, v=np.arange(6.0))
    check_hvp(grids_twice, X6[:3], X6[3:], v=np.arange(3.0))
