"""API situations found by the api20 sweep (issue 8): ndarray subclasses that reached the
adjoint (silently wrong answers), arrays in the other byte order under jit, keyword
arguments of second derivatives, ``jacobian`` and the directions of ``hvp`` / ``jvp``. Each is
now right (checked against finite differences) or an ``S2sadError`` saying what to pass."""
import importlib
import sys
import textwrap

import numpy as np
import pytest

import s2sad
from s2sad.errors import ArgumentError, S2sadError
from s2sad.testing import check_grad, check_hvp, check_jvp

X = np.array([1.0, 2.0, 3.0])


def weighted_sum(x, m):
    return np.sum(x * m)


def sin_sum(x):
    return np.sum(np.sin(x) * x)


def cubic(x, y=2.0):
    return np.sum(x ** 3) * y


def elementwise(x):
    return np.sin(x) * x


def square(x):
    return x * x * 3.0


@pytest.mark.parametrize("jit", [False, True])
def test_a_masked_array_not_differentiated_is_refused(jit):
    """`np.sum(x * m)` skips m's masked entries; the adjoint did not ([3., 1.] for the true
    [3., 0.] without jit; an AdjointFailedError with it): only differentiated arguments were
    checked for ndarray subclasses."""
    m = np.ma.array([3.0, 4.0, 5.0], mask=[0, 1, 0])
    with pytest.raises(ArgumentError, match=r"argument `m` is a masked array.*m\.filled"):
        s2sad.grad(weighted_sum, jit=jit)(X, m)


def list_weighted(x, ms):
    return np.sum(x * ms[0])


def test_a_masked_array_in_a_list_or_in_the_args_of_minimize_is_refused():
    """Both ran ndarray's adjoint on it: [3., 1.] for the true [3., 0.], and minimize
    returned a masked array."""
    m = np.ma.array([3.0, 4.0, 5.0], mask=[0, 1, 0])
    with pytest.raises(ArgumentError, match=r"argument `ms\[0\]` is a masked array"):
        s2sad.grad(list_weighted)(X, [m])
    with pytest.raises(ArgumentError, match=r"argument `args\[0\]` is a masked array"):
        s2sad.minimize(weighted_sum, X, args=(m,), steps=2, jit=False)


def test_the_fast_jit_path_refuses_an_ndarray_subclass_numba_types_as_an_array(tmp_path):
    """numba's C dispatch types a masked array (any ndarray subclass) as a plain array, so once the
    driver for 1-d float arrays was compiled a masked array ran straight through it: the
    gradient [1.38, 0.077] of sum(sin(x) x) where the masked entry's is 0."""
    g = s2sad.grad(sin_sum, jit=True)
    a = np.array([1.0, 2.0])
    for _ in range(3):
        g(a)
    assert g.fast_signatures
    m = np.ma.array([1.0, 2.0], mask=[0, 1])
    with pytest.raises(ArgumentError, match="argument `x` is an instance of a subclass of np.ndarray"):
        g(m)
    with pytest.raises(ArgumentError, match="subclass of np.ndarray"):
        g(a.view(type("Tagged", (np.ndarray,), {})))
    assert np.allclose(g(a), np.sin(a) + a * np.cos(a))      # the plain array still runs
    mm = np.memmap(tmp_path / "m.dat", dtype=np.float64, mode="w+", shape=(2,))
    mm[:] = a
    assert np.allclose(g(mm), np.sin(a) + a * np.cos(a))     # and a memmap (ndarray's operations)


def test_a_global_rebound_to_a_masked_array_is_refused_at_its_line(tmp_path, monkeypatch):
    """The guard rebuilt the adjoint for the new type and ran ndarray's derivative on it:
    [10., 5.] where the masked entry's gradient is 0."""
    (tmp_path / "api20_masked_global.py").write_text(textwrap.dedent("""
        import numpy as np
        W = np.array([1.0, 2.0])
        def f(x):
            return np.sum(W * x * x)
    """))
    monkeypatch.syspath_prepend(str(tmp_path))
    mod = importlib.import_module("api20_masked_global")
    try:
        g = s2sad.grad(mod.f)
        assert np.allclose(g(np.array([1.0, 2.0])), [2.0, 8.0])
        mod.W = np.ma.array([5.0, 2.0], mask=[0, 1])
        with pytest.raises(S2sadError, match=r"(?s)api20_masked_global.py\", line 5.*`W` is a masked array"):
            g(np.array([1.0, 2.0]))
    finally:
        sys.modules.pop("api20_masked_global", None)


def test_a_masked_head_gradient_or_direction_is_refused():
    m = np.ma.array([1.0, 1.0, 1.0], mask=[0, 1, 0])
    with pytest.raises(ArgumentError, match="head gradient `dout` is a masked array"):
        s2sad.vjp(elementwise)(X, m)
    with pytest.raises(ArgumentError, match="tangent for `x` is a masked array"):
        s2sad.jvp(sin_sum)(X, m)


def test_a_memmap_argument_is_viewed_as_an_array(tmp_path):
    """A memmap is the one subclass with ndarray's operations: it is taken, not refused."""
    mm = np.memmap(tmp_path / "m.dat", dtype=np.float64, mode="w+", shape=(3,))
    mm[:] = [3.0, 4.0, 5.0]
    assert np.allclose(s2sad.grad(weighted_sum)(X, mm), [3.0, 4.0, 5.0])


def test_arrays_in_the_other_byte_order_are_differentiated_under_jit():
    """numba has no type for '>f8': the jit adjoint failed (AdjointFailedError) where
    Python's runs; the checking path now passes them in this machine's byte order."""
    swapped = X.astype(X.dtype.newbyteorder())
    check_grad(sin_sum, swapped, jit=True)
    out = s2sad.vjp(elementwise, jit=True)(X, np.ones(3).astype(swapped.dtype))
    assert np.allclose(out, np.sin(X) + X * np.cos(X))
    assert swapped.dtype.byteorder != "="        # the caller's array is left as it is


def test_a_second_derivative_takes_keyword_arguments():
    """grad(grad(f))(x=2.0) raised TypeError: SecondOrder.__call__ took positional ones only."""
    assert s2sad.grad(s2sad.grad(square))(x=2.0) == pytest.approx(6.0)
    value, second = s2sad.value_and_grad(s2sad.grad(square))(x=2.0)
    assert (value, second) == (pytest.approx(12.0), pytest.approx(6.0))
    with pytest.raises(ArgumentError, match=r"missing a required argument: 'x' \(it takes \['x'\]\)$"):
        s2sad.grad(s2sad.grad(square))(z=2.0)


def test_reverse_jacobian_under_jit_takes_the_arguments_by_keyword():
    """jacobian's reverse sweeps called the jit vjp with `dout` positional after the
    arguments by keyword: numba's C dispatch raised 'some keyword arguments unexpected'."""
    jac = s2sad.jacobian(cubic, mode="rev", jit=True)(x=X, y=1.0)
    assert np.allclose(jac, 3 * X ** 2)


def test_hvp_and_jvp_take_their_direction_by_keyword():
    v = np.array([1.0, 0.5, -1.0])
    check_hvp(cubic, X, 1.5, v=v)
    assert np.allclose(s2sad.hvp(cubic)(X, v=v), 6 * X * v * 2.0)
    assert np.allclose(s2sad.hvp(cubic)(x=X, y=1.0, v=v), 6 * X * v)
    check_jvp(cubic, X, 2.0, tangent=v)
    assert s2sad.jvp(cubic)(X, tangent=v)[1] == pytest.approx(np.sum(3 * X ** 2 * v) * 2.0)


@pytest.mark.parametrize("call, words", [
    (lambda: s2sad.hvp(cubic)(x=X), r"hvp_cubic\(\) takes the arguments of `cubic` \(x, y\), then a vector v "
                                    r"as the last positional argument or `v=`; this call has none"),
    (lambda: s2sad.hvp(cubic)(X), r"missing a required argument: 'x'.*\n.*then a vector v as the last positional"),
    (lambda: s2sad.jvp(cubic)(y=1.0), r"then a tangent as the last positional argument or `tangent=`"),
])
def test_a_missing_direction_is_said_as_such(call, words):
    """hvp(f)(x=x) said `hvp_f() needs the arguments of f and then a vector v`, and hvp(f)(x)
    that `x` was missing, without saying the last positional argument is taken as v."""
    with pytest.raises(ArgumentError, match=words):
        call()


def test_hessian_and_jacobian_do_not_ask_for_a_direction():
    """Their binding errors said '(it takes [...], then the vector v / tangent)'."""
    for make in (s2sad.hessian, s2sad.jacobian):
        with pytest.raises(ArgumentError, match=r"missing a required argument: 'x' \(it takes \['x', 'y'\]\)$"):
            make(cubic)(y=1.0)


class StaticCall:
    __call__ = staticmethod(square)


class ClassCall:
    scale = 3.0

    @classmethod
    def __call__(cls, x):
        return cls.scale * x * x


def test_a_callable_object_whose_call_is_a_static_or_class_method_is_that_function():
    """StaticCall()(x) is square(x); s2sad bound the object as `self` to square's `x` and refused
    ('wrt=0: `square` has 0 parameter(s)'); ClassCall()(x) was refused as having no source."""
    assert s2sad.grad(StaticCall())(2.0) == pytest.approx(12.0)
    assert s2sad.grad(ClassCall())(2.0) == pytest.approx(12.0)


@pytest.mark.parametrize("make", [s2sad.grad, s2sad.hvp, lambda f: s2sad.grad(s2sad.grad(f))])
def test_minimize_of_a_derivative_is_refused_as_such(make):
    """minimize(grad(g)) built value_and_grad(grad(g)), a second derivative with two outputs,
    and said `grad_g` 'must return a scalar loss, got shape (2,)'."""
    with pytest.raises(s2sad.NotDifferentiableError, match="minimize of <s2sad .*Write the loss as a Python function"):
        s2sad.minimize(make(square), 1.0, steps=2)


def test_jacobian_modes_spelled_out_mean_the_short_ones():
    def vec(x):
        return np.array([x[0] * x[1], np.sin(x[1])])
    x = np.array([0.3, 0.7])
    expected = np.array([[0.7, 0.3], [0.0, np.cos(0.7)]])
    for mode in ("forward", "reverse", "fwd", "rev"):
        assert np.allclose(s2sad.jacobian(vec, mode=mode)(x), expected)
    with pytest.raises(s2sad.S2sadError, match="use mode='fwd', 'rev'"):
        s2sad.jacobian(vec, mode="sideways")
