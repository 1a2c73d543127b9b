"""Bad input gets a clear error naming file, line and column, never an internal crash."""
import numpy as np
import pytest

import s2sad
from s2sad import NoDerivativeError, NonScalarOutputError, S2sadError, UnsupportedSyntaxError
from s2sad.testing import check_grad

X3 = np.array([0.3, -0.7, 1.1])


def uses_try(x):
    try:
        y = x * 2
    except ValueError:
        y = x
    return y


def uses_with(x):
    with open("f") as fh:
        fh.read()
    return x


def uses_lambda(x):
    fs = [lambda v: v * 2]     # a lambda kept as a value (map and reduce of a lambda are followed)
    return fs[0](x)


def uses_listcomp(x):
    return x if x > 0 else sum([v * v for v in [x]])


def uses_global(x):
    global G
    G = x
    return x


def uses_generator(x):
    yield x


def uses_class(x):
    class A:
        pass
    return x


def uses_nested_def(x):
    def inner(v):
        return v * 2
    f = inner
    return f(x)


def uses_nonlocal(x):
    acc = 0.0

    def add(v):
        nonlocal acc     # lifting `add` would lose this write (it was a SyntaxError from s2sad)
        acc = acc + v
        return acc
    return add(x) * add(x * x)     # (one call a statement is threaded: frontend/nonlocals.py)


def unknown_call(x):
    return np.ldexp(x, 2) * 2.0    # x * 2**2: no rule (np.i0, the example before, has one since rules53)


def no_return(x):
    y = x * 2  # noqa: F841


def vector_out(x):
    return x * 2.0


def bad_method(x):
    return x.argpartition(2).sum() + x.cumprod().sum()


@pytest.mark.parametrize("func, words", [
    (uses_try, "`try`"), (uses_with, "`with`"), (uses_lambda, "lambda"),
    (uses_listcomp, "comprehension evaluated only on some paths"), (uses_global, "`global`"),
    (uses_generator, "generator"), (uses_class, "class"), (uses_nested_def, "nested function `inner` used as a value"),
    (no_return, "does not return"), (uses_nonlocal, "`nonlocal acc` in the nested function `add`"),
])
def test_unsupported_syntax_names_file_line_column(func, words):
    with pytest.raises(UnsupportedSyntaxError) as info:
        s2sad.grad(func)(1.0)
    msg = str(info.value)
    assert words in msg
    assert "test_errors.py" in msg and "line " in msg and "column " in msg
    assert "^" in msg  # the caret under the quoted line


def test_unknown_function_names_function_and_argument():
    with pytest.raises(NoDerivativeError) as info:
        s2sad.grad(unknown_call)(0.3)
    msg = str(info.value)
    assert "i0" in msg and "`x`" in msg and "s2sad.adjoint" in msg


def test_non_scalar_output_points_to_vjp():
    with pytest.raises(NonScalarOutputError) as info:
        s2sad.grad(vector_out)(np.ones(3))
    assert "vjp" in str(info.value)


def test_unsupported_method_on_differentiated_value():
    with pytest.raises(UnsupportedSyntaxError) as info:
        s2sad.grad(bad_method)(np.arange(4.0))
    assert "argpartition" in str(info.value) or "cumprod" in str(info.value)


def test_bad_wrt():
    with pytest.raises(S2sadError):
        s2sad.grad(vector_out, wrt="nope")
    with pytest.raises(S2sadError):
        s2sad.grad(vector_out, wrt=3)


def test_function_without_source():
    namespace = {}
    exec("def f(x):\n    return x * x\n", namespace)
    with pytest.raises(S2sadError) as info:
        s2sad.grad(namespace["f"])(1.0)
    assert "source" in str(info.value)


def test_all_errors_are_s2sad_errors():
    for cls in (UnsupportedSyntaxError, NoDerivativeError, NonScalarOutputError):
        assert issubclass(cls, S2sadError)


def tuple_out(x, y):
    return x * y, x + y


def test_tuple_output_needs_vjp():
    with pytest.raises(NonScalarOutputError) as info:
        s2sad.grad(tuple_out)(1.0, 2.0)
    assert "tuple of 2" in str(info.value) and "vjp" in str(info.value)
    assert s2sad.vjp(tuple_out, wrt=(0, 1))(1.0, 2.0, (1.0, 0.0)) == (2.0, 1.0)


@pytest.mark.parametrize("func, args", [
    ("name_reused_in_branch", (np.array([0.52, 0.14, 0.45, 0.3]),)),
    ("arg_rebound_in_branch", (np.arange(4.0), np.ones(4))),
])
def test_variable_changing_shape_inside_a_branch_is_a_clear_error(func, args):
    """A name rebound to another shape inside a branch: one shape per name is required
    (top-level redefinitions are renamed automatically and work)."""
    from tests.corpus import test_corpus_arrays, test_corpus_control
    f = getattr(test_corpus_control, func, None) or getattr(test_corpus_arrays, func)
    with pytest.raises(UnsupportedSyntaxError) as info:
        s2sad.grad(f, wrt=tuple(range(len(args))))(*args)
    assert "different shapes" in str(info.value) and "new name" in str(info.value)


def _cross_of_2_vectors(a, b):
    c = a * 2.0
    d = np.cross(c, b)
    return np.sum(d * d)


def _det_only(A):
    return np.linalg.det(A)


def test_run_time_refusal_of_a_rule_names_the_users_line():
    """A rule's helper that refuses these values at run time (np.cross of 2-vectors) names
    the user's line."""
    a, b = np.array([1.0, 2.0]), np.array([3.0, 1.0])
    with pytest.raises(NoDerivativeError) as info:
        s2sad.grad(_cross_of_2_vectors)(a, b)
    text = str(info.value)
    assert f'{__file__}", line' in text and "d = np.cross(c, b)" in text, text
    assert "3-vectors" in text, text
    from s2sad.backends.jit import JitError
    with pytest.raises(JitError, match="numba"):     # numba's np.cross refuses them first
        s2sad.grad(_cross_of_2_vectors, jit=True)(a, b)


def test_run_time_refusal_in_second_order_code_names_the_users_line():
    singular = np.array([[1.0, 2.0], [2.0, 4.0]])
    with pytest.raises(NoDerivativeError) as info:
        s2sad.hessian(_det_only)(singular)
    text = str(info.value)
    assert f'{__file__}", line' in text and "return np.linalg.det(A)" in text, text


def max_of_named_list(x):
    xs = [x[0], x[1] * 2, x[2]]
    return max(xs)


def sorted_display(x):
    return sorted([x[0], x[1]])[0]


def function_in_a_variable(x):
    for act in [np.tanh, np.sin]:    # (left by a break: not unrolled, frontend/function_loops.py)
        x = act(x)
        if np.sum(x) > 10.0:
            break
    return x


def sum_with_start(xs, c):
    return sum((v * c for v in xs), 1.0)


def test_max_and_sorted_of_one_sequence_are_differentiated_not_refused():
    """They were refused with advice (np.max(np.array(xs)), np.sort(...)); rules11 made
    builtin max/min/sorted of one sequence differentiable (tests/rules/test_sequence_builtins.py)."""
    check_grad(max_of_named_list, np.array([0.3, 0.1, 0.2]))
    check_grad(sorted_display, np.array([0.3, 0.1]))


def test_sum_with_a_start_is_differentiated_not_refused():
    """It was refused with advice (write `start + sum(xs)`); small18 gave the builtin's rule its
    `start` (tests/frontend/test_small18.py)."""
    check_grad(sum_with_start, np.array([0.3, 0.1]), 0.5, wrt=(0, 1))


def sum_of_map(x):
    m = map(np.sin, x)      # an iterator kept in a name (read at once, map is followed)
    return sum(m)


def positive(v):
    return v > 0


def sum_of_filter(x):
    f = filter(positive, x)     # an iterator kept in a name (read at once, filter is followed)
    return sum(f)


@pytest.mark.parametrize("func, args, says, never", [
    (function_in_a_variable, (0.5,), "`act` is a function chosen while the code runs", "this call"),
    (sum_of_map, (np.array([0.3, 0.1]),), "Write a comprehension", "s2sad.adjoint(map)"),
    (sum_of_filter, (np.array([0.3, 0.1]),), "Write a comprehension with a condition", "s2sad.adjoint(filter)"),
])
def test_no_derivative_advice_says_what_to_write(func, args, says, never):
    """The advice names what to write (not a rule for a builtin, nor a name s2sad made up)."""
    with pytest.raises(NoDerivativeError) as info:
        s2sad.grad(func)(*args)
    msg = str(info.value)
    assert msg.startswith('File "') and "test_errors.py" in msg and says in msg and never not in msg, msg


def list_of_array(x):
    if x[0] > 0:        # (list(x) of an argument never rebound is its comprehension: frontend/param_copies.py)
        x = x * 2.0
    return np.sum(np.array(list(x)) ** 2)


def product_of_a_sum(x):    # (np.multiply.reduce has np.prod's rule now: frontend/numpy_forms.py)
    return np.sum(np.multiply.reduceat(x * 2.0, [0, 1]))


@pytest.mark.parametrize("func, says, never", [
    (sum_of_map, "Write a comprehension", "tangent(map)"),
    (list_of_array, "Copy it with a comprehension", "tangent(list)"),
    (product_of_a_sum, "an argument depends", "`t1`"),
])
def test_forward_mode_advice_says_what_to_write(func, says, never):
    """Forward mode's refusal had neither the builtins' advice (it said @s2sad.tangent(list)) nor
    errors.named_argument (it named `t1`, a temporary s2sad made)."""
    x = np.array([0.3, 0.1])
    with pytest.raises(NoDerivativeError) as info:
        s2sad.jvp(func)(x, np.ones(2))
    msg = str(info.value)
    assert msg.startswith('File "') and "test_errors.py" in msg and says in msg and never not in msg, msg


def product_written_with_out(x, y):
    z = x.copy()
    np.multiply(z, np.sin(y) * 2, out=z)
    return np.sum(z ** 2)


def product_assigned(x, y):
    z = x.copy()
    z = np.multiply(z, np.sin(y) * 2)
    return np.sum(z ** 2)


def sort_method_of_a_slice(x):
    y = x * 2.0
    y[1:].sort()
    return np.sum(y * np.arange(3.0))


def sort_assigned(x):
    y = x * 2.0
    y[1:] = np.sort(y[1:])
    return np.sum(y * np.arange(3.0))


def fill_method(x):
    y = x * 2.0
    y.fill(np.sum(x))
    return np.sum(y * x)


def fill_assigned(x):
    y = x * 2.0
    y = np.full_like(y, np.sum(x))
    return np.sum(y * x)


@pytest.mark.parametrize("func, args, rewritten", [
    (product_written_with_out, (X3, X3[::-1]), product_assigned),
    (sort_method_of_a_slice, (X3,), sort_assigned),
])
def test_an_in_place_call_is_differentiated_as_the_form_it_was_advised_as(func, args, rewritten):
    """``out=`` and in-place methods (``y.sort()``) on a differentiated array were refused with the
    assignment that works as advice; frontend/inplace.py now writes them as that assignment."""
    np.testing.assert_allclose(s2sad.grad(func)(*args), s2sad.grad(rewritten)(*args), rtol=1e-12)
    check_grad(func, *args, wrt=0)


def test_the_fill_method_is_differentiated_as_the_assignment():
    """``y.fill(v)`` was refused with the advice ``y = np.full_like(y, v)``; it is lowered to
    ``y[...] = v`` now (frontend/inplace.py), with the gradient of the advised form."""
    np.testing.assert_allclose(s2sad.grad(fill_method)(X3), s2sad.grad(fill_assigned)(X3))
    check_grad(fill_method, X3)


def scale_rows_by_a_nested_helper(A):
    def _scale_row(M, i, s):
        M[i] *= s
    B = A.copy()
    for i in range(B.shape[0]):
        _scale_row(B, i, 1.0 + i)
    return np.sum(B ** 2)


def scale_rows_by_a_helper_that_returns(A):
    def _scale_row(M, i, s):
        M[i] *= s
        return M
    B = A.copy()
    for i in range(B.shape[0]):
        B = _scale_row(B, i, 1.0 + i)
    return np.sum(B ** 2)


def test_helper_changing_its_argument_is_differentiated_like_the_returning_form():
    """A nested helper called for its effect on an array (``_scale_row(B, i, s)``) was refused
    with advice to return the array; it is inlined now (``pipeline_inline._effect_calls``) and
    gives the gradient of the form that returns it."""
    A = np.arange(6.0).reshape(3, 2) / 5
    g = check_grad(scale_rows_by_a_nested_helper, A)
    np.testing.assert_allclose(g, check_grad(scale_rows_by_a_helper_that_returns, A), rtol=1e-12)


def _reshaped_in_fortran_order(A):    # (ravel's orders and reshape's "F"/"C"/"A" are followed: numpy_forms_more.py)
    return np.sum(np.reshape(A, (6,), copy=True) * np.arange(6.0))


def _sum_from_an_initial_value(x):    # (where= of np.sum and np.prod is read as np.where, initial= is added: numpy_forms*.py)
    return np.var(x * x, where=x > 0.0)


def _stable_sort(A):    # (kind= and stable= are left out: numpy_forms_more.py)
    return np.sum(np.sort(A, order=None) * np.arange(3.0))


@pytest.mark.parametrize("mode", ["grad", "jvp"])
@pytest.mark.parametrize("f, arg, keyword, fname, named", [
    (_reshaped_in_fortran_order, np.ones((2, 3)), "copy", "reshape", "its argument `A`"),
    (_sum_from_an_initial_value, X3, "where", "var", "an argument"),
    (_stable_sort, np.ones((2, 3)), "order", "sort", "its argument `A`"),
])
def test_a_keyword_the_rule_does_not_take_is_named_as_such(f, arg, keyword, fname, named, mode):
    """Before: "its argument `A` ... reaches the parameter `order` of `reshape` ... Pass a constant
    there", though `order="F"` is a constant and `A` reaches no `order`; the rule has no such
    keyword. The temporary behind `x * x` (`t1`) is not named."""
    with pytest.raises(NoDerivativeError) as info:
        if mode == "grad":
            s2sad.grad(f)(arg)
        else:
            s2sad.jvp(f)(arg, np.ones_like(arg))
    msg = str(info.value)
    assert f"s2sad's rule for `{fname}` does not take the keyword `{keyword}=`, and {named} depends" in msg, msg
    assert f"Write the call without `{keyword}=`" in msg and "column" in msg and "Pass a constant" not in msg
    assert "`t1`" not in msg


def _accumulator_started_as_a_number(x):
    acc = 0.0
    for i in range(3):
        acc = acc + x * i
    return np.sum(acc ** 2)


@pytest.mark.jit
def test_a_variable_numba_cannot_type_is_located_with_advice():
    """``acc = 0.0`` then ``acc = acc + x * i``: NumPy is fine, numba needs one type; the JitError
    names the user's line and says to start the variable as an array."""
    from s2sad.backends.jit import JitError
    x = np.array([0.3, -0.2, 0.5])
    with pytest.raises(JitError) as info:
        s2sad.grad(_accumulator_started_as_a_number, jit=True)(x)
    text = str(info.value)
    assert f'{__file__}", line' in text and "acc = acc + x * i" in text, text
    assert "`acc = np.zeros(...)`" in text, text
    check_grad(_accumulator_started_as_a_number, x)       # jit=False differentiates it


_SQUARE = np.array([[0, 1], [2, 3]])


def _take_of_a_square_in_a_loop(x):
    s = 0.5
    for k in range(3):
        s = s + np.sin(s) * np.sum(np.take(np.outer(x, x) * s, _SQUARE))
    return s


@pytest.mark.jit
def test_a_jit_refusal_inside_a_reverse_block_with_tape_reads_names_the_users_line():
    """The reverse block of a loop body reads its saved values (`t4 = tape_t4.pop()`,
    `t1 = tape_t1[k, 0]`) between the comment quoting the user's line and the statement numba
    refused; the search for that comment stopped at the first tape read, so the JitError named
    only the generated line (fuzz campaign 3000000, seed 3000000)."""
    from s2sad.backends.jit import JitError
    x = np.array([0.3, 0.2])
    with pytest.raises(JitError) as info:
        s2sad.grad(_take_of_a_square_in_a_loop, jit=True)(x)
    text = str(info.value)
    assert f'{__file__}", line' in text and "from your code:" in text, text
    assert "np.take(np.outer(x, x) * s, _SQUARE)" in text and "np.take with indices" in text, text
    check_grad(_take_of_a_square_in_a_loop, x)


class _Quad:
    def __init__(self, A):
        self.A = A

    def loss(self, x):
        r = self.A @ x
        return r @ r


_QUAD = _Quad(np.eye(3) * 2.0)


def calls_global_method(x):
    return _QUAD.loss(x)


def calls_passed_method(x, q):
    return q.loss(x) + 1.0


def test_method_of_user_object_refusal_says_what_to_write():
    """`m.loss(x)` of a plain Python object was refused with advice that does not fit a method
    ("Register a rule with @s2sad.adjoint(loss)", or "the method on a value being differentiated"
    when the object is not differentiated; hunt11, /work/scratch/user/fns78.py method_of_global,
    method_passed_in). Both name the method and say what to write: a plain function of the
    arrays, or the gradient of the bound method, which works. A method of a global object is
    now inlined (frontend/own_methods.py); one of an object passed in is still refused."""
    with pytest.raises(S2sadError) as e:
        s2sad.grad(calls_passed_method)(X3, _QUAD)
    msg = str(e.value)
    assert "line" in msg and "passed in" in msg and "s2sad.grad(model.loss)" in msg
    check_grad(_QUAD.loss, X3)
    check_grad(calls_global_method, X3)
