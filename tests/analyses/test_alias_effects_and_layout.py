"""Three aliasing forms around writes the normal form cannot see directly:

* ``flat = b.ravel()`` (or ``b.reshape(-1)``) of ``b = a.copy()`` is a view (``.copy()`` makes a
  C-ordered array, ``frontend/anf.py`` marks it), so a write into ``flat`` changes ``b``: exact
  now, also for a Fortran-ordered argument; ``np.copy(a)`` keeps ``a``'s order and stays refused;
* a helper (or a nested def) called for its effect is differentiated like the form that returns
  what it changes (it was refused with that advice; ``tests/transforms/test_inplace_helpers.py``);
* a write through a list of views names the user's array, not a renamed temporary (``A2``)."""
import numpy as np
import pytest

import s2sad
from s2sad.errors import S2sadError
from s2sad.testing import check_grad, check_hvp, check_jvp

A23 = np.array([[0.3, -1.2, 0.8], [2.0, -0.4, 1.1]])
X2 = np.array([0.5, -1.5])
X5 = np.linspace(-1.0, 1.0, 5)


def write_into_ravel_of_a_copy(a, x):
    b = a.copy()
    flat = b.ravel()
    flat[1] = x[0] * 3.0
    flat *= x[1]
    return np.sum(b ** 2)


def write_into_reshape_of_a_copy(a, x):
    b = a.copy()
    flat = b.reshape(-1)
    flat[:2] = x ** 2
    return np.sum(np.sin(b))


@pytest.mark.parametrize("jit", [False, True])
@pytest.mark.parametrize("order", ["C", "F"])
@pytest.mark.parametrize("f", [write_into_ravel_of_a_copy, write_into_reshape_of_a_copy], ids=lambda f: f.__name__)
def test_write_into_a_flat_view_of_a_copy_is_exact(f, order, jit):
    a = np.asarray(A23, order=order)
    for wrt in (0, 1):
        check_grad(f, a, X2, wrt=wrt, jit=jit)
        check_jvp(f, a, X2, wrt=wrt, tangent=np.ones_like((a, X2)[wrt]), jit=jit)
    check_hvp(f, a, X2, wrt=1, v=np.array([1.0, -0.5]), jit=jit)


def write_into_ravel_of_np_copy(a, x):
    b = np.copy(a)
    flat = b.ravel()
    flat[1] = x[0] * 3.0
    return np.sum(b ** 2)


def write_into_ravel_of_a_transposed_copy(a, x):
    b = a.copy().T
    flat = b.ravel()
    flat[1] = x[0] * 3.0
    return np.sum(b ** 2)


@pytest.mark.parametrize("f", [write_into_ravel_of_np_copy, write_into_ravel_of_a_transposed_copy],
                         ids=lambda f: f.__name__)
def test_write_into_a_ravel_that_may_copy_is_refused(f):
    with pytest.raises(S2sadError) as e:
        s2sad.grad(f, wrt=1)(A23, X2)
    assert "flat[1] = x[0] * 3.0" in str(e.value) and "C-contiguous" in str(e.value)


# ---- helpers that change what they are given ------------------------------------------------
def appends_through_a_closure(x):
    acc = []

    def add(v):
        acc.append(v * 2.0)
    add(x)
    add(x ** 2)
    return np.sum(acc[0] * acc[1])


def appends_through_a_closure_as_advised(x):
    acc = []

    def add(v, acc):
        acc.append(v * 2.0)
        return acc
    acc = add(x, acc)
    acc = add(x ** 2, acc)
    return np.sum(acc[0] * acc[1])


def _bump_first(xs, v):
    xs[0] += v


def _bump_first_returning(xs, v):
    xs[0] += v
    return xs


def helper_updates_a_list_element(x):
    xs = [x * 1.0, x * 2.0]
    _bump_first(xs, x)
    return np.sum(xs[0] * xs[1]) + np.sum(x)


def helper_updates_a_list_element_as_advised(x):
    xs = [x * 1.0, x * 2.0]
    xs = _bump_first_returning(xs, x)
    return np.sum(xs[0] * xs[1]) + np.sum(x)


@pytest.mark.parametrize("f, fixed", [
    (appends_through_a_closure, appends_through_a_closure_as_advised),
    (helper_updates_a_list_element, helper_updates_a_list_element_as_advised),
], ids=["closure_appends", "helper_updates_a_list_element"])
def test_a_helper_called_for_its_effect_is_differentiated_like_the_advised_form(f, fixed):
    """Refused before (with the advice that ``fixed`` follows); inlined now with its parameters
    bound to the caller's list (``pipeline_inline._effect_calls``), the append or element update
    carried back to the caller's name by the alias stage."""
    g = check_grad(f, X5)
    np.testing.assert_allclose(g, check_grad(fixed, X5), rtol=1e-12)
    check_jvp(f, X5, tangent=np.ones(5))
    check_jvp(fixed, X5, tangent=np.ones(5))


def rows_of_a_rebound_copy_written(A, x):
    A = A.copy()
    rows = [A[0], A[1]]
    rows[0] *= 2.0
    for r in rows:
        r += x
    return np.sum(A ** 2)


def test_a_write_through_a_list_of_views_names_the_users_array():
    with pytest.raises(S2sadError) as e:
        s2sad.grad(rows_of_a_rebound_copy_written)(A23, np.ones(3))
    msg = str(e.value)
    # the rebound `A` (s2sad's `A2`) by the user's name (msgs40; was its definition, `np.copy(A)`)
    assert "rows[0] *= 2.0" in msg and "`A2`" not in msg and "that `A` also holds" in msg


def doubled_contiguous_view_of_the_argument(x):
    y = np.ascontiguousarray(x)
    y *= 2.0
    return np.sum(y * x)


def test_an_update_of_what_may_be_the_argument_itself_advises_copying_it():
    """``np.ascontiguousarray(x)`` is ``x`` itself or a copy, by its strides: refused, and the
    advice used to read ``x = np.copy(y)`` (the names the wrong way round)."""
    with pytest.raises(S2sadError) as e:
        s2sad.grad(doubled_contiguous_view_of_the_argument)(X5)
    assert "y *= 2.0" in str(e.value) and "`y = np.copy(x)`" in str(e.value)
