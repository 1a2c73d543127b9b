"""Functions written as people in other fields write them (hunt24: hydrology and routing,
traffic flow, population genetics, orbital mechanics, decay chains, heat exchangers, devices,
psychophysics, demography, marketing mix, reserving, radiative transfer, tomography), in the
habits of object-oriented, numba-style, MATLAB-ported, functional and defensive code. The whole
hunt lives in /work/scratch/hunt24 (harness.py, set_*.py, table.md); these are the cases where
s2sad was wrong, crashed or refused what a user would expect to work."""
import functools
import itertools
import operator
from collections import deque

import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_hvp, check_jvp
from s2sad.errors import NoDerivativeError, UnsupportedSyntaxError


class Layer:
    def __init__(self, W, b):
        self.W = W
        self.b = b

    def __call__(self, x):
        return np.tanh(self.W @ x + self.b)


NET = Layer(np.array([[0.3, -0.2], [0.5, 0.1]]), np.zeros(2))


def layer_objects_in_a_list(w):
    net = [Layer(w[:4].reshape(2, 2), np.zeros(2)), Layer(w[4:].reshape(1, 2), np.array([0.1]))]
    h = np.array([0.5, -1.0])
    for layer in net:
        h = layer(h)
    return h[0] ** 2


def layer_objects_in_a_list_counted(w):
    net = [Layer(w[:4].reshape(2, 2), np.zeros(2)), Layer(w[4:].reshape(1, 2), np.array([0.1]))]
    h = np.array([0.5, -1.0])
    for layer in net:
        h = layer(h)
    return h[0] ** 2 * len(net)


def layer_object_called(w):
    L = Layer(w.reshape(2, 2), np.zeros(2))
    return np.sum(L(np.array([0.5, -1.0])))


def global_layer_object_called(x):
    return np.sum(NET(x))


@pytest.mark.parametrize("mode", ["grad", "jvp"])
def test_an_object_called_through_its_call_method_is_exact(mode):
    """Refused until stop 47 (a zero gradient before that, main 5c34035): an object of the user's
    class built in the function and called through ``__call__`` is read as variables now
    (open47, frontend/object_model.py)."""
    w = np.linspace(-0.8, 0.9, 4)
    if mode == "grad":
        check_grad(layer_object_called, w)
    else:
        check_jvp(layer_object_called, w, tangent=np.ones_like(w))


@pytest.mark.parametrize("mode", ["grad", "jvp"])
def test_objects_in_a_list_only_looped_over_are_followed(mode):
    """records52 (frontend/object_lists.py): the list below was refused; it is unrolled now, each
    object named, and followed as the objects built in the function are."""
    w = np.linspace(-0.8, 0.9, 6)
    if mode == "grad":
        check_grad(layer_objects_in_a_list, w)
    else:
        check_jvp(layer_objects_in_a_list, w, tangent=np.ones_like(w))


@pytest.mark.parametrize("f", [layer_objects_in_a_list_counted])
@pytest.mark.parametrize("mode", ["grad", "jvp"])
def test_an_object_built_from_differentiated_values_is_refused_not_a_zero_gradient(f, mode):
    """Both gave a zero gradient on main 5c34035: the called local `layer` was no operand of the
    call, so the object built from `w` was taken for a constant. (records52: a list only looped
    over is followed, above; one also read otherwise, as here, is still refused.)"""
    w = np.linspace(-0.8, 0.9, 6)
    run = s2sad.grad(f) if mode == "grad" else (lambda x: s2sad.jvp(f)(x, np.ones_like(x)))
    with pytest.raises(NoDerivativeError, match=r"(?s)line \d+.*`Layer\(\.\.\.\)` builds an object of your "
                                                r"class `Layer`.*plain function"):
        run(w)


@pytest.mark.parametrize("mode", ["grad", "jvp"])
def test_a_global_object_called_is_its_call_method(mode):
    """Refused until stop 51 (a located NoDerivativeError naming `NET` and its `__call__`): a
    global object of the user's class called as ``NET(x)`` is ``NET.__call__(x)``, inlined as a
    method of a global object is (frontend/resolve.py, frontend/own_methods.py)."""
    x = np.array([0.5, -1.0])
    if mode == "grad":
        check_grad(global_layer_object_called, x)
    else:
        check_jvp(global_layer_object_called, x, tangent=np.array([0.3, -0.7]))


def moving_window_in_a_deque(x):
    buf = deque(maxlen=3)
    total = 0.0
    for v in x:
        buf.append(v * v)
        total += sum(buf)
    return total


@pytest.mark.parametrize("mode", ["grad", "jvp"])
def test_append_to_a_deque_is_refused_in_both_modes(mode):
    """jvp raised 'derivative code raised AttributeError: float has no attribute append ... please
    report it' on main 5c34035 (the deque's tangent was a number); grad refused it already."""
    x = np.array([0.5, -1.0, 2.0])
    with pytest.raises(UnsupportedSyntaxError, match=r"(?s)test_hunt24.py\", line \d+.*`buf`.*list display"):
        s2sad.grad(moving_window_in_a_deque)(x) if mode == "grad" else \
            s2sad.jvp(moving_window_in_a_deque)(x, np.ones(3))


def chain_ladder_reserve(tri):
    """The product of the development factors still to come is empty for the oldest year."""
    n = tri.shape[0]
    f = [sum(tri[i, j + 1] for i in range(n - 1 - j)) / sum(tri[i, j] for i in range(n - 1 - j)) for j in range(n - 1)]
    ult = [tri[i, n - 1 - i] * np.prod(f[n - 1 - i:]) for i in range(n)]
    return sum(u - tri[i, n - 1 - i] for i, u in enumerate(ult))


def products_of_tails(x):
    return sum(np.prod(x[k:]) for k in range(4))


TRIANGLE = np.array([[100.0, 150.0, 170.0, 180.0], [110.0, 168.0, 190.0, 0.0],
                     [120.0, 175.0, 0.0, 0.0], [130.0, 0.0, 0.0, 0.0]])


@pytest.mark.parametrize("f, x", [(chain_ladder_reserve, TRIANGLE), (products_of_tails, np.array([1.1, 0.9, 1.3]))])
def test_prod_of_an_empty_slice(f, x):
    """np.prod of an empty slice (1.0) has an empty gradient: the rule's prefix and suffix
    products raised ValueError (AdjointFailedError 'please report it') in grad and jvp on
    main 5c34035."""
    check_grad(f, x, rtol=1e-4)
    check_jvp(f, x, tangent=np.cos(np.arange(x.size)).reshape(x.shape), rtol=1e-4)
    if f is products_of_tails:
        check_hvp(f, x, v=np.array([0.3, -1.0, 0.5]), rtol=1e-4)


def product_by_reduce(x):
    return functools.reduce(operator.mul, [v + 1.0 for v in x], 1.0)


def product_by_reduce_on_some_paths(x):     # a fold evaluated on some paths only stays refused
    return functools.reduce(operator.mul, x + 1.0, 1.0) if x[0] > 0 else 0.0


def test_a_fold_written_with_reduce_is_differentiated():
    """frontend/functional.py reads functools.reduce as the loop it runs."""
    x = np.array([0.3, 1.2, -0.4])
    check_grad(product_by_reduce, x)
    check_jvp(product_by_reduce, x, tangent=np.array([0.2, -0.1, 0.5]))


def running_totals(x):
    return sum(c * c for k in range(2) for c in itertools.accumulate(x[k:]))   # once an item: refused


def running_totals_at_once(x):
    return sum(c * c for c in itertools.accumulate(x))   # a first iterable: read at once (stop 50)


def test_accumulate_read_at_once_in_a_generator():
    check_grad(running_totals_at_once, np.array([0.3, 1.2, -0.4]))


def path_length_pairwise(x):
    return sum(abs(b - a) for a, b in itertools.pairwise(x))


def test_pairwise_in_a_generator_is_exact():
    """Refused ("Index the neighbours instead") until stop 58, which lowers the loop
    (frontend/itertools_loops.py)."""
    x = np.array([0.3, 1.2, -0.4])
    check_grad(path_length_pairwise, x)
    check_jvp(path_length_pairwise, x, tangent=np.array([0.2, -0.5, 0.1]))


@pytest.mark.parametrize("f, advice", [(product_by_reduce_on_some_paths, "Write the fold as a loop"),
                                       (running_totals, "Write the fold as a loop")])
@pytest.mark.parametrize("mode", ["grad", "jvp"])
def test_functools_and_itertools_folds_are_refused_with_a_loop_to_write(f, advice, mode):
    """The advice was to register a rule for `reduce` (or mark it non-differentiable: a zero
    gradient) on main 5c34035."""
    x = np.array([0.3, 1.2, -0.4])
    with pytest.raises(NoDerivativeError, match=r"(?s)test_hunt24.py\", line \d+.*" + advice) as info:
        s2sad.grad(f)(x) if mode == "grad" else s2sad.jvp(f)(x, np.ones(3))
    assert "nondifferentiable" not in str(info.value)


def running_balance_of_growing_prefix(x):
    """A cumulative sum of the prefix that grows with the loop (cash flows to date)."""
    tot = 0.0
    for k in range(1, len(x) + 1):
        c = np.cumsum(x[:k])
        tot += np.sum(c * c)
    return tot


def test_shape_read_by_a_rule_is_saved_when_the_loop_changes_it():
    """cumsum's adjoint reads its argument's shape (cumsum_grad(g, x)); the tape left the read
    out because the result has the argument's shape, which only excuses an unbroadcast: the
    reverse sweep read the last iteration's slice and raised ValueError (reshape, 'please
    report it') on main 5c34035."""
    x = np.array([1.1, 0.9, 1.3])
    check_grad(running_balance_of_growing_prefix, x)
    check_grad(running_balance_of_growing_prefix, x, jit=True)


def differences_and_areas_of_tails(x):
    return sum(np.sum(np.diff(x[k:]) ** 2) + np.trapezoid(x[k:]) for k in range(len(x) + 1))


def test_diff_and_trapezoid_of_an_empty_slice():
    """Their adjoints raised ValueError (reshape; negative dimensions) for the empty tail on
    main 5c34035."""
    x = np.array([1.1, 0.9, 1.3, 0.2])
    check_grad(differences_and_areas_of_tails, x)
    check_jvp(differences_and_areas_of_tails, x, tangent=np.cos(np.arange(4.0)))


def outlet_temperatures_of_tube_rows(U):
    """Written for numba: the first loop over `j` sets the inlet column, the 2-d nest marches."""
    T = np.zeros((3, 4))
    for j in range(3):
        T[j, 0] = 80.0 - 5.0 * j
    for i in range(1, 4):
        for j in range(3):
            T[j, i] = T[j, i - 1] - U[j] * (T[j, i - 1] - 20.0) * 0.1
    return np.sum(T[:, 3] ** 2)


def test_checkpoint_of_a_loop_whose_index_a_later_loop_nest_rebinds():
    """Refused on main 5c34035 as 'a checkpointed loop whose index `j` is read after it': the
    later nest reads only the `j` its inner loop binds."""
    U = np.array([0.5, 0.7, 0.9])
    check_grad(outlet_temperatures_of_tube_rows, U, grad_fn=functools.partial(s2sad.grad, checkpoint=2))


def inlet_index_read_after(x):
    acc = 0.0
    for j in range(3):
        acc += x[j] ** 2
    for i in range(2):
        acc += x[j] * i
        for j in range(2):
            acc += x[j] * x[i]
    return acc


def test_checkpoint_still_refuses_a_loop_index_read_in_a_later_nest():
    with pytest.raises(UnsupportedSyntaxError, match="whose index `j` is read after it"):
        s2sad.grad(inlet_index_read_after, checkpoint=2)(np.array([0.5, 1.2, -0.7]))


def make_scaler(a):
    def scale(t):
        return a * t
    return scale


def scaler_from_a_factory(x):
    g = make_scaler(x[0])
    return g(2.0) + x[1]


def partial_of_a_differentiated_value(x):
    h = functools.partial(np.multiply, x[0])
    return h(3.0) + x[1]


def test_a_function_built_from_a_differentiated_value_is_followed():
    """Both gave the gradient [0, 1] (the call of `g` taken for a constant) on main 5c34035; the
    true one is [2, 1]. Refused from then on; followed since stop 57 (frontend/factory_calls.py
    writes `make_scaler(x[0])` as the nested function it makes)."""
    x = np.array([0.5, 1.5])
    np.testing.assert_allclose(s2sad.grad(scaler_from_a_factory)(x), [2.0, 1.0], rtol=1e-15)
    _, t = s2sad.jvp(scaler_from_a_factory)(x, np.array([1.0, 0.0]))
    np.testing.assert_allclose(t, 2.0, rtol=1e-15)


def test_a_partial_of_a_differentiated_value_is_followed():
    """Stop 55 (frontend/local_partials.py): `h(3.0)` is `np.multiply(x[0], 3.0)`: [3, 1]."""
    x = np.array([0.5, 1.5])
    np.testing.assert_allclose(s2sad.grad(partial_of_a_differentiated_value)(x), [3.0, 1.0], rtol=1e-15)
    _, t = s2sad.jvp(partial_of_a_differentiated_value)(x, np.array([1.0, 0.0]))
    np.testing.assert_allclose(t, 3.0, rtol=1e-15)


def apply(f, v):
    return f(v)


def sine_through_a_helper(x):
    return np.sum(apply(np.sin, x))


f = sine_through_a_helper     # a script's global `f`, named like apply's parameter


@pytest.mark.parametrize("mode", ["grad", "jvp"])
def test_a_parameter_named_like_a_global_function_is_no_recursion(mode):
    """apply's parameter `f` was looked up as the global `f` (sine_through_a_helper), which calls
    apply: refused on main 5c34035 as 'the recursive function `apply`'."""
    x = np.array([0.5, 1.5])
    if mode == "grad":
        check_grad(sine_through_a_helper, x)
    else:
        check_jvp(sine_through_a_helper, x, tangent=np.array([1.0, -0.5]))
