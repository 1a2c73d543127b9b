"""Unusual call-time inputs (issue 8): each is either accepted and converted as the README
says, or refused with an ``ArgumentError`` naming the argument and what to pass instead --
in every mode (grad, value_and_grad, vjp, jvp, hvp, check_grad, minimize). The caller's
arrays are never modified, complex values are never cast to real.
"""
import numpy as np
import pytest

import s2sad
from s2sad.errors import ArgumentError
from s2sad.testing import check_grad

pytestmark = pytest.mark.filterwarnings("ignore::PendingDeprecationWarning")    # np.matrix


def tanh_sq(x):
    return np.sum(np.tanh(x) ** 2) + np.sum(x)


def with_default(x, k=2.0):
    return np.sum(x ** 3) * k


def cube(x):
    return x * x * x


SUBCLASSES = [
    (lambda: np.matrix([[0.5, 0.2], [0.1, 0.3]]), "np.matrix.*np.asarray"),
    (lambda: np.ma.masked_array([0.5, 0.2, 0.1], mask=[0, 1, 0]), "masked array.*filled"),
    (lambda: np.ones(3).view(type("Tagged", (np.ndarray,), {})), "`Tagged`, a subclass.*np.asarray"),
]


@pytest.mark.parametrize("make, words", SUBCLASSES)
@pytest.mark.parametrize("mode", ["grad", "value_and_grad", "vjp", "jvp", "hvp"])
def test_array_subclasses_are_refused_not_differentiated_as_ndarray(make, words, mode):
    """Were differentiated with ndarray's rules: np.matrix's `*` and masked sums gave wrong
    gradients, and jvp/hvp said "the tangent has shape (2, 2); it must have shape (2, 2)"."""
    x = make()
    extra = {"vjp": (1.0,), "jvp": (np.ones(x.shape),), "hvp": (np.ones(x.shape),)}.get(mode, ())
    with pytest.raises(ArgumentError, match=words) as info:
        getattr(s2sad, mode)(tanh_sq)(x, *extra)
    assert "argument `x`" in str(info.value)


def test_memmap_is_differentiated_as_the_array_it_is(tmp_path):
    mm = np.memmap(tmp_path / "x.dat", dtype=np.float64, mode="w+", shape=(3,))
    mm[:] = [0.5, -0.2, 0.1]
    before = np.array(mm)
    check_grad(tanh_sq, mm)
    assert np.allclose(s2sad.grad(tanh_sq)(mm), s2sad.grad(tanh_sq)(before))
    assert np.array_equal(mm, before)


@pytest.mark.parametrize("value, words", [
    (np.ones(3, dtype=np.float16), "array of float16.*astype"),
    (np.ones(3, dtype=np.longdouble), "array of float128|array of longdouble"),
    (np.float16(0.5), "float16"), (np.longdouble(0.5), "longdouble"),
])
@pytest.mark.parametrize("mode", ["grad", "jvp"])
def test_half_and_extended_precision_are_refused(value, words, mode):
    """float16 was differentiated in float16 (gradients off in the third digit), longdouble
    cannot be compiled by numba: s2sad differentiates float64 and float32 values."""
    extra = (np.ones(np.shape(value)),) if mode == "jvp" else ()
    with pytest.raises(ArgumentError, match=words):
        getattr(s2sad, mode)(tanh_sq)(value, *extra)


@pytest.mark.parametrize("x, t", [(1.0 + 2.0j, 1.0), (np.complex128(1.0), 1.0), (np.ones(2) * 1j, np.ones(2)),
                                  (True, 1.0), (np.array([True, False]), np.ones(2)), (None, 1.0)])
@pytest.mark.parametrize("mode", ["jvp", "hvp"])
def test_forward_mode_checks_its_arguments_like_grad(x, t, mode):
    """jvp/hvp ran on complex and boolean arguments: a complex jvp came back cast to a real
    tangent (ComplexWarning), a complex hvp raised TypeError from float()."""
    with pytest.raises(ArgumentError, match="argument `x`"):
        getattr(s2sad, mode)(cube)(x, t)


@pytest.mark.parametrize("t", [1j, np.ones(2) * 1j, None, "1", np.array([True, False])])
@pytest.mark.parametrize("mode", ["jvp", "hvp"])
def test_forward_mode_direction_must_be_real(t, mode):
    x = np.array([0.3, -0.5])
    with pytest.raises(ArgumentError, match=r"(tangent|vector) for `x` is"):
        getattr(s2sad, mode)(tanh_sq)(x, t)


@pytest.mark.parametrize("jit", [False, True])
def test_forward_mode_converts_integer_arrays_to_float(jit):
    """hvp of a uint8 array computed x * x in uint8 (wrapping around): a wrong number."""
    x = np.array([1, 2, 3], dtype=np.uint8)
    want = s2sad.hvp(tanh_sq)(x.astype(float), np.ones(3))
    assert np.allclose(s2sad.hvp(tanh_sq, jit=jit)(x, np.ones(3)), want)
    value, tangent = s2sad.jvp(cube, jit=jit)(np.int64(3), 1.0)
    assert value == 27.0 and tangent == 27.0
    assert x.dtype == np.uint8 and list(x) == [1, 2, 3]


@pytest.mark.parametrize("jit", [False, True])
def test_minimize_passes_the_defaults_of_f(jit):
    """Was refused: "`with_default` takes 2 argument(s); got x0 and 0 in args="."""
    res = s2sad.minimize(with_default, np.array([0.5, 0.2]), steps=3, lr=0.01, method="sgd", jit=jit)
    x = np.array([0.5, 0.2])
    for _ in range(3):
        x = x - 0.01 * 6.0 * x ** 2
    assert np.allclose(res.x, x)


@pytest.mark.parametrize("make", [lambda: np.matrix([[0.5, 0.2]]), lambda: np.ma.masked_array([0.5, 0.2])])
def test_minimize_refuses_array_subclasses(make):
    with pytest.raises(ArgumentError, match="x0"):
        s2sad.minimize(tanh_sq, make(), steps=3, jit=False)


def test_check_grad_at_nan_says_differences_cannot_check():
    with pytest.raises(AssertionError, match="nan near these arguments"):
        check_grad(tanh_sq, np.array([np.nan, 1.0]))


def test_check_grad_agrees_where_both_are_nan():
    check_grad(lambda x: np.sqrt(x) * 0.0 + x * 2.0, np.nan)


async def squared_later(x):
    return x * x


@pytest.mark.parametrize("jit", [False, True])
def test_async_function_is_refused_at_its_def(jit):
    """Was a TypeError ("cannot unpack non-iterable coroutine object") without jit, and with
    jit=True the body was differentiated as if the call returned its value."""
    with pytest.raises(s2sad.UnsupportedSyntaxError, match="async function") as info:
        s2sad.grad(squared_later, jit=jit)(1.0)
    assert "test_api_inputs.py" in str(info.value) and "async def squared_later" in str(info.value)


class Scaled:
    def __init__(self, k):
        self.k = k

    def loss(self, x):
        return self.k * x * x

    def whole(self, x):
        return self.k * x * x if self is not None else x


def test_bound_method_under_jit_names_self_at_the_line():
    """Was a JitError quoting `def loss_adjoint(self, x, dout=1.0)`: "an argument has a type
    numba cannot compile for: pyobject", without saying which. `self.k` is now read at call
    time (frontend/bound_objects.py); `self` read whole still reaches numba, and is named."""
    from s2sad.backends.jit import JitError
    assert s2sad.grad(Scaled(3.0).loss, jit=True)(2.0) == 12.0
    with pytest.raises(JitError, match=r"(?s)test_api_inputs.py.*`self`.*`Scaled`.*jit=False"):
        s2sad.grad(Scaled(3.0).whole, jit=True)(2.0)
    assert s2sad.grad(Scaled(3.0).whole)(2.0) == 12.0


@pytest.mark.parametrize("layout", ["F", "T"])
def test_minimize_from_a_fortran_ordered_start(layout):
    """jit=True raised numba's NotImplementedError ("incompatible shape for array") for a
    transposed or Fortran-ordered x0."""
    m = np.array([[0.3, -0.5, 0.8], [1.1, -0.2, 0.6]])
    x0 = np.asfortranarray(m) if layout == "F" else m.T.copy().T
    before = x0.copy()
    want = s2sad.minimize(tanh_sq, np.ascontiguousarray(m), steps=3, lr=0.01, jit=False).x
    got = s2sad.minimize(tanh_sq, x0, steps=3, lr=0.01, jit=True).x
    assert np.allclose(got, want) and np.array_equal(x0, before)


def test_tuple_used_as_an_array_is_differentiated_item_by_item():
    """Refused before ("pass np.array(...) instead of a tuple"); a differentiated tuple used whole
    is the tuple of its items (transforms/tuple_index.py), which NumPy takes as an array."""
    g = s2sad.grad(tanh_sq)((0.5, 0.2))
    assert isinstance(g, tuple) and np.allclose(g, [2 * np.tanh(v) * (1 - np.tanh(v) ** 2) + 1 for v in (0.5, 0.2)])


def _accepted_inputs():
    base = np.array([[0.5, -0.2, 0.1], [0.4, 0.3, -0.6]])
    ro = base.copy()
    ro.flags.writeable = False
    return [("int", 2), ("np.int64", np.int64(2)), ("np.float32", np.float32(0.5)), ("0-d", np.array(0.5)),
            ("empty", np.zeros(0)), ("(1,)", np.array([0.5])), ("(1,1)", np.array([[0.5]])),
            ("float32", base.astype(np.float32)), ("int array", np.array([1, -2, 3])), ("view", base[:, ::2]),
            ("transposed", base.T), ("fortran", np.asfortranarray(base)), ("read-only", ro),
            ("nan", np.array([0.5, np.nan])), ("float64", base), ("0-d again", np.array(0.25))]


@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.jit)])
def test_accepted_inputs_in_sequence_give_the_gradient_and_keep_the_input(jit):
    """One gradient called with every accepted kind of input in turn, twice (with jit=True the
    second round goes through the dispatch learned in the first): each result is the
    gradient at the float64 value, shaped like the input, and the input is unchanged."""
    g, vg = s2sad.grad(tanh_sq, jit=jit), s2sad.value_and_grad(tanh_sq, jit=jit)
    inputs = _accepted_inputs()
    if jit:     # each type is compiled twice (adjoint, then driver): the layouts and dtypes only
        inputs = [(n, x) for n, x in inputs if n in ("float32", "view", "read-only", "float64")]
    for _ in range(2):
        for name, x in inputs:
            before = np.array(x, copy=True)
            x64 = np.asarray(x, dtype=np.float64)
            want = 2 * np.tanh(x64) * (1 - np.tanh(x64) ** 2) + 1
            tol = 1e-6 if np.asarray(x).dtype != np.float32 else 1e-5
            for got in (g(x), g(x)) if jit else (g(x), vg(x)[1]):
                assert np.shape(got) == np.shape(x), name
                assert isinstance(got, np.ndarray) == isinstance(x, np.ndarray), name
                assert np.allclose(got, want, rtol=tol, atol=tol, equal_nan=True), name
            assert np.array_equal(np.asarray(x), before, equal_nan=True), name
            assert np.asarray(x).dtype == before.dtype, name


REVERSED = np.array([0.3, -0.5, 0.8, 1.1, -0.2, 0.6])[::-1]     # a global reversed view


def norm_plus(x):
    return np.linalg.norm(x) + np.sum(x)


def norm_of_global(x):
    return np.linalg.norm(REVERSED * x)


@pytest.mark.jit
def test_reversed_views_reach_numba_as_contiguous_copies():
    """numba's np.linalg.norm of an array with a negative stride is wrong (0.6 for the norm of
    REVERSED, 1.61 in NumPy): jit=True gave a wrong value and gradient, silently, through
    g(x), value_and_grad, vjp, jvp, g.compiled and minimize. Such views are copied before
    they reach compiled code; the caller's view is left as it is."""
    import numba
    x = REVERSED
    want = x / np.linalg.norm(x) + 1.0
    g = s2sad.grad(norm_plus, jit=True)
    for _ in range(3):             # checking path, then the learned fast path
        assert np.allclose(g(x), want)
    assert np.allclose(s2sad.value_and_grad(norm_plus, jit=True)(x)[0], np.linalg.norm(x) + np.sum(x))
    assert np.allclose(s2sad.jvp(norm_plus, jit=True)(x, np.ones(6))[1], np.sum(want))
    compiled = g.compiled

    @numba.njit
    def through(v):
        return compiled(v)
    assert np.allclose(through(x), want)
    assert np.allclose(s2sad.grad(norm_of_global, jit=True)(np.ones(6)), REVERSED ** 2 / np.linalg.norm(REVERSED))
    data = np.eye(6)[::-1]
    res = s2sad.minimize(norm_plus_data, np.ones(6), steps=2, lr=0.1, method="sgd", args=(data,), jit=True)
    ref = s2sad.minimize(norm_plus_data, np.ones(6), steps=2, lr=0.1, method="sgd", args=(data.copy(),), jit=False)
    assert np.allclose(res.x, ref.x)
    assert x.strides[0] < 0 and data.strides[0] < 0


def norm_plus_data(x, A):
    return np.linalg.norm(A @ x) + np.sum(A @ x)


def doubles_first(x):
    y = x.copy()
    y[0] = y[0] * 2.0
    return np.sum(y * y)


@pytest.mark.parametrize("jit", [False, True])
@pytest.mark.parametrize("mode", ["grad", "value_and_grad", "vjp", "jvp", "hvp"])
def test_a_function_failing_on_the_arguments_raises_its_own_error(mode, jit):
    """grad(doubles_first)(0.4): the function itself fails (a float has no .copy()), but the
    user saw IndexError "too many indices for array" from the generated code."""
    extra = (1.0,) if mode in ("vjp", "jvp", "hvp") else ()
    with pytest.raises(AttributeError, match="'float' object has no attribute 'copy'"):
        getattr(s2sad, mode)(doubles_first, jit=jit)(0.4, *extra)


def writes_its_argument(x):
    x[0] = 5.0
    return x * 2.0


def test_vjp_checking_a_head_gradient_runs_the_function_on_copies():
    """The check of a mismatched head gradient ran the function on the caller's array."""
    x = np.array([1.0, 2.0])
    with pytest.raises(s2sad.ShapeError):
        s2sad.vjp(writes_its_argument)(x, np.ones(3))
    assert list(x) == [1.0, 2.0]


def sin_steps(x):
    s = 0.0
    for i in range(3):
        x = np.sin(x) * 1.1 + 0.7
        s = s + np.sum(x * x)
    return s


@pytest.mark.jit
@pytest.mark.parametrize("mode", ["grad", "jvp"])
def test_float32_under_jit_is_computed_in_float64(mode):
    """A float32 array under jit=True was a JitError ("variable `x` holds an array(float32) in
    one place and an array(float64) in another"): numba promotes float32 * 1.1 to float64."""
    x = np.array([0.3, -0.5, 0.8], dtype=np.float32)
    extra = {"vjp": (np.float32(1.0),), "jvp": (np.ones(3, dtype=np.float32),)}.get(mode, ())
    g = getattr(s2sad, mode)(sin_steps, jit=True)
    want = getattr(s2sad, mode)(sin_steps)(x.astype(np.float64), *extra)
    for _ in range(3):
        got = g(x, *extra)
        assert np.allclose(got[1] if mode == "jvp" else got, want[1] if mode == "jvp" else want)
    assert x.dtype == np.float32


def test_a_complex_array_is_not_told_to_cast_itself_to_real():
    with pytest.raises(ArgumentError, match=r"complex array.*x\.real, x\.imag") as info:
        s2sad.grad(tanh_sq)(np.ones(2) * 1j)
    assert "astype" not in str(info.value)


def matvec(W, x):
    return np.sum(np.tanh(W @ x))


def scaled(x):
    return x * 2.0


@pytest.mark.jit
def test_float32_data_and_integer_arguments_of_compiled_drivers():
    """jit=True with a float32 array that is not differentiated was a JitError (numba has no
    float64 @ float32), in grad and minimize; ``vjp(f).compiled(x, dout)`` with an integer
    ``dout`` raised numba's TypingError."""
    import numba
    W, x32 = np.full((2, 3), 0.1), np.array([0.5, -1.0, 2.0], dtype=np.float32)
    want = s2sad.grad(matvec)(W, x32.astype(np.float64))
    assert np.allclose(s2sad.grad(matvec, jit=True)(W, x32), want)
    res = s2sad.minimize(matvec, W, steps=2, lr=0.1, method="sgd", args=(x32,), jit=True)
    ref = s2sad.minimize(matvec, W, steps=2, lr=0.1, method="sgd", args=(x32.astype(np.float64),), jit=False)
    assert np.allclose(res.x, ref.x) and x32.dtype == np.float32
    h = s2sad.vjp(scaled, jit=True).compiled
    assert np.allclose(h(np.ones(3), np.array([1, 2, 3])), [2.0, 4.0, 6.0])
    g = s2sad.grad(matvec, wrt=1, jit=True).compiled

    @numba.njit
    def from_numba(W, x):
        return g(W, x)
    assert np.allclose(from_numba(W, np.array([1, 0, 2])), s2sad.grad(matvec, wrt=1)(W, np.array([1.0, 0.0, 2.0])))


@pytest.mark.jit
def test_vjp_head_gradient_of_the_wrong_shape_is_a_shape_error_under_jit():
    """jit=True said JitError ("numba does not support `shape` of float64") where jit=False
    says the head gradient does not fit the output."""
    with pytest.raises(s2sad.ShapeError, match=r"shape \(\), but the output has shape \(1,\)"):
        s2sad.vjp(cube, jit=True)(np.array([1.3]), 1.0)


def shrink_steps(x):
    for i in range(3):
        x = np.sin(x) * 1.1 + 0.7
    return x * x


@pytest.mark.jit
def test_a_zero_dimensional_array_under_jit_is_a_number():
    """A 0-d array under jit=True was a JitError ("variable `x` holds an array(float64, 0d) in
    one place and a float64 in another"): numba computes with 0-d arrays as numbers."""
    x = np.array(0.4)
    want = s2sad.grad(shrink_steps)(x)
    g = s2sad.grad(shrink_steps, jit=True)
    for _ in range(3):
        got = g(x)
        assert isinstance(got, np.ndarray) and got.shape == () and np.isclose(got, want)
    assert np.isclose(s2sad.vjp(shrink_steps, jit=True)(x, 1.0), want)


def power_sum(x, n):
    s = 0.0
    for i in range(n):
        s += x ** 2 * n
    return s


def picks_entry(x, k):
    return x[k] * k


def sums_picked(x, idx):
    return np.sum(x[idx] ** 2 * idx)


def fails_on_its_own_integer(x, n):
    if n == 3:
        raise ValueError("n may not be 3")
    return x * n


def cycles_over(x, n):
    total = 0.0
    for i in range(n):
        total += x[i % len(x)] * (i + 1)
    return total


INTEGER_USES = [(power_sum, (0.5, 3), 1.0, "for i in range(n)"),
                (cycles_over, (np.array([0.3, -0.7, 1.1]), 5), 1.0, "for i in range(n)"),
                (picks_entry, (np.array([0.3, -0.7, 1.1]), 2), 1.0, "return x[k] * k"),
                (sums_picked, (np.array([0.3, -0.7, 1.1]), np.array([0, 2])), 1.0, "x[idx] ** 2 * idx")]


@pytest.mark.parametrize("jit", [False, True])
@pytest.mark.parametrize("mode", ["grad", "vjp", "jvp", "hvp"])
@pytest.mark.parametrize("func, args, extra, line", INTEGER_USES)
def test_a_differentiated_integer_used_as_a_count_or_index_is_refused_at_that_line(func, args, extra, line, mode,
                                                                                   jit):
    """grad(f, wrt=1)(x, 3) with ``range(n)`` or ``x[k]`` in f: the integer, differentiated as
    a float, made the generated code fail with TypeError/IndexError (an internal error; hunt8);
    under jit numba's ``range(5.0)`` runs, and a gradient of a function that does not exist at
    floats came back (fns62 int_index_arith)."""
    if mode in ("jvp", "hvp"):
        extra = tuple(np.ones(np.shape(a)) if np.ndim(a) else 1.0 for a in args)
    call = getattr(s2sad, mode)(func, wrt=(0, 1), jit=jit)
    with pytest.raises(ArgumentError) as info:
        call(*args, *((extra,) if mode != "grad" else ()))
    text = str(info.value)
    assert "test_api_inputs.py" in text and line in text and "Leave it out of wrt" in text, text


def test_a_function_failing_on_its_own_integer_raises_its_own_error():
    with pytest.raises(ValueError, match="n may not be 3"):
        s2sad.grad(fails_on_its_own_integer, wrt=(0, 1))(0.5, 3)
    check_grad(fails_on_its_own_integer, 0.5, 2, wrt=(0, 1))


def laplacian_steps(U, dt):
    for _ in range(2):
        L = np.roll(U, 1, axis=0) + np.roll(U, -1, axis=1) - 4 * U
        U = U + dt * L
    return np.sum(U ** 2)


@pytest.mark.jit
def test_f_ordered_matrix_reaches_numba_as_c_contiguous_copy():
    """An F-ordered matrix reached numba as it was: `U` held the F argument, then C results
    (`U = U + dt * L`), so numba typed it with layout 'A' and could not compile `4 * U` ("Don't
    know how to allocate array with layout 'A'"): jit=True refused a supported function (hunt11,
    /work/scratch/user/fns80.py laplacian_roll_2d). Such arrays are copied to C order before
    they reach compiled code, like strided views; the caller's array is left as it is."""
    import numba
    import autograd.numpy as anp

    def reference(U, dt):
        for _ in range(2):
            U = U + dt * (anp.roll(U, 1, axis=0) + anp.roll(U, -1, axis=1) - 4 * U)
        return anp.sum(U ** 2)
    U = np.asfortranarray(np.arange(12.0).reshape(3, 4) / 10.0 - 0.5)
    want = check_grad(laplacian_steps, U, 0.1, wrt=(0, 1), reference=reference)
    got = check_grad(laplacian_steps, U, 0.1, wrt=(0, 1), jit=True)
    assert all(np.allclose(a, b) for a, b in zip(got, want))
    compiled = s2sad.grad(laplacian_steps, jit=True).compiled

    @numba.njit
    def through(v):
        return compiled(v, 0.1)
    assert np.allclose(through(U), want[0])
    assert U.flags.f_contiguous and not U.flags.c_contiguous
