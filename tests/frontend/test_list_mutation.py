"""frontend/list_mutation.py: ``L.pop()``, ``L.pop(i)``, ``del L[i]`` and ``L.insert(i, v)`` on a
local list no one else holds are the rebindings of ``L`` to the list Python leaves; a list that
another name, a helper or a closure may hold, or a mutation inside a loop over the list, keeps
its refusal."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_jvp


def stack(x):
    L = [x[0], x[1] * 2.0, x[2]]
    last = L.pop()
    mid = L.pop(-1) * 3.0
    return last * mid + L[0] * L[-1] + len(L)


def middle(x):
    L = [x[0], x[1], x[2], x[0] * x[1]]
    a = L.pop(1)
    del L[-2]
    i = 0
    b = L.pop(i + 1)
    return a * b + L[0] * 2.0 + len(L)


def inserted(x):
    L = [x[0], x[1]]
    L.insert(1, x[2] * 2.0)
    L.insert(0, np.sin(x[0]))
    L.insert(-1, L[0] * L[-1])          # the value reads L before it grows
    L.insert(10, x[1] ** 2)             # past the end: appended
    L.insert(-10, x[2])                 # before the start: first
    return L[0] * L[1] + L[2] * L[3] - L[4] * L[5] + L[6]


def stack_in_loops(x):
    todo = []
    for i in range(len(x)):
        todo.append(x[i] * (i + 1.0))
    total = 0.0
    while len(todo) > 1:
        a = todo.pop()
        b = todo.pop()
        todo.insert(0, a * b + 0.5)
        total = total + a - b
    return total + todo.pop()


def branches(x):
    L = [x[0], x[1], x[2]]
    if x[0] > 0:
        del L[0]
    else:
        L.insert(1, x[1] * x[2])
    last = L.pop()
    return L[0] * L[-1] - L[-1] ** 2 + last


def arrays(x):
    L = [x, x * 2.0, np.sin(x)]
    first = L.pop(0)
    L.insert(1, first * x)
    L.append(np.cos(x))
    del L[2]
    last = L.pop()
    return np.sum(L[0] * L[1]) + np.sum(last ** 2) + np.sum(np.array(L))


def arrays_in_a_loop(x):
    L = []
    for i in range(4):
        L.append(x * (i + 1.0))
    for t in range(2):
        it = L.pop(1)
        L.insert(0, it * 0.5)
        last = L.pop()
        L.append(np.sin(last))
    return np.sum(L[0] * L[1] + L[2] * L[-1])


def rpn(x):
    """A stack machine: push numbers, pop two for an operation (was refused as a write through
    shared memory on the first version of this lift, which bound the rebuilt list by alias)."""
    prog = [("num", 0), ("num", 1), ("mul", -1), ("num", 2), ("add", -1), ("num", 0), ("mul", -1)]
    st = []
    for op, k in prog:
        if op == "num":
            st.append(x[k])
        else:
            b = st.pop()
            a = st.pop()
            st.append(a * b if op == "mul" else a + b)
    return st.pop()


X = np.array([0.7, -1.3, 0.4])
CASES = [stack, middle, inserted, stack_in_loops, branches, arrays_in_a_loop]


@pytest.mark.parametrize("f", CASES + [arrays])
def test_value_is_python_s(f):
    assert np.allclose(s2sad.value_and_grad(f)(X)[0], f(X))


@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.jit)])
@pytest.mark.parametrize("f", CASES)
def test_gradient(f, jit):
    """Refused before (`.pop()`/`.insert()` on a differentiated value, `del` of an item)."""
    check_grad(f, X, jit=jit, reference=None if jit else "autograd")
    check_grad(f, -X[::-1], jit=jit)       # the other branch of `branches`


@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.jit)])
def test_list_of_arrays(jit):
    check_grad(arrays, X, jit=jit)


def test_a_stack_machine():
    assert s2sad.value_and_grad(rpn)(X)[0] == pytest.approx(rpn(X))
    check_grad(rpn, X, reference="autograd")
    check_jvp(rpn, X, tangent=np.array([1.0, -2.0, 0.5]))


@pytest.mark.parametrize("f", CASES + [arrays])
def test_forward_mode(f):
    check_jvp(f, X, tangent=np.array([1.0, -2.0, 0.5]))


def test_index_errors_are_python_s():
    def too_far(x):
        L = [x[0], x[1]]
        return L.pop(2) * x[0]

    def empty(x):
        L = [x[0]]
        L.pop()
        return L.pop() * x[0]

    def del_too_far(x):
        L = [x[0], x[1]]
        del L[-3]
        return L[0]
    for f in (too_far, empty, del_too_far):
        with pytest.raises(IndexError):
            f(X)
        with pytest.raises(IndexError):
            s2sad.grad(f)(X)


def test_a_float_index_is_python_s_type_error():
    def insert_at_float(x):
        L = [x[0], x[1]]
        L.insert(1.0, x[2])
        return L[1] * x[0]

    def del_at_float(x):
        L = [x[0], x[1]]
        del L[1.0]
        return L[0] * x[0]
    for f in (insert_at_float, del_at_float):
        with pytest.raises(TypeError):
            f(X)
        with pytest.raises(TypeError):
            s2sad.grad(f)(X)


def aliased(x):
    L = [x[0], x[1]]
    M = L
    M.pop()
    return L[-1] * x[0]


def aliased_pop_of_the_original(x):
    L = [x[0], x[1]]
    M = L
    L.pop()
    return M[-1] * x[0]


def aliased_delete(x):
    L = [x[0], x[1]]
    M = L
    del M[0]
    return L[0] * x[0]


def aliased_insert(x):
    L = [x[0], x[1]]
    M = L
    M.insert(0, x[2])
    return L[0] * x[0]


def a_parameter(x, L):
    v = L.pop()
    return v * x


def helper_holds(x):
    L = [x[0], x[1]]
    keep = [L]
    L.pop()
    return keep[0][-1] * x[0]


def closure(x):
    L = [x[0], x[1]]
    f = lambda: L[-1]          # noqa: E731
    L.pop()
    return f() * x[0]


def loop_over_it(x):
    L = [x[0], x[1], x[2]]
    total = 0.0
    for v in L:
        total = total + v * L.pop()
    return total


def zipped(x):
    L = [x[0], x[1], x[2]]
    z = zip(L, L)
    L.pop()
    return sum(a * b for a, b in z)


def read_before_pop(x):
    L = [x[0], x[1], x[2]]
    return L[-1] * L.pop()


def conditional_pop(x):
    L = [x[0], x[1], x[2]]
    v = L.pop() if x[0] > 0 else x[1]
    return v * L[-1]


def aliased_in_a_branch(x):
    L = [x[0], x[1]]
    M = [x[2]]
    if x[0] > 0:
        M = L
    M.pop()
    return L[-1] * x[0]


@pytest.mark.parametrize("f", [aliased, aliased_pop_of_the_original, aliased_delete, aliased_insert])
def test_a_mutation_through_an_alias_is_exact(f):
    """Refused before alias40: ``M = L`` is one name (frontend/list_aliases.py)."""
    check_grad(f, X)
    check_jvp(f, X, tangent=np.array([1.0, -0.5, 2.0]))


@pytest.mark.parametrize("f, args", [(aliased_in_a_branch, (X,)), (a_parameter, (0.7, [1.0, 2.0])), (helper_holds, (X,)),
                                     (closure, (X,)), (loop_over_it, (X,)), (zipped, (X,)),
                                     (read_before_pop, (X,)), (conditional_pop, (X,))])
def test_a_list_someone_else_may_see_keeps_its_refusal(f, args):
    """Another name, a caller, a container, a closure or a lazy `zip` may see the object (or a
    loop iterates it as it changes, or the statement reads it around the pop): refused, located."""
    with pytest.raises(s2sad.S2sadError, match="line"):
        s2sad.grad(f)(*args)


def joined_slices(x):
    L = [x[0], x[1], x[2]]
    i = 1
    L = L[:i] + L[i + 1:]          # what users write for `del L[i]`
    return L[0] * L[1]


def test_slices_of_a_list_joined_are_joined_not_added():
    """Was silently wrong (a slice with a variable bound was not known to be a list, so `+`
    added the two slices elementwise: gradient [1.1, 0, 1.1] for [0.4, 0, 0.7]), then refused;
    since stop 47 the join is written out (`[*L[:i], *L[i + 1:]]`, frontend/list_joins.py)."""
    np.testing.assert_allclose(s2sad.grad(joined_slices)(X), [0.4, 0.0, 0.7], rtol=1e-12)
    check_grad(joined_slices, X)


def unpacked_and_summed(x):
    L = [x[0], x[1], x[2]]
    a, b, c = L
    L.pop(1)
    s = sum(v * v for v in L)
    M = [*L, a * b]
    return a * c + b + s + L[1] + M[0] * M[-1]


def test_unpacking_and_a_generator_consumed_at_once_are_private_uses():
    check_grad(unpacked_and_summed, X, reference="autograd")
    check_jvp(unpacked_and_summed, X, tangent=np.array([1.0, -2.0, 0.5]))


def generator_kept(x):
    L = [x[0], x[1], x[2]]
    g = (v * 2.0 for v in L)
    L.pop()
    return sum(g)


def test_a_generator_kept_across_a_pop_keeps_its_refusal():
    """Python's generator iterates the list as it changes (sees the pop): not rebound."""
    assert generator_kept(X) == pytest.approx(2.0 * (X[0] + X[1]))
    with pytest.raises(s2sad.S2sadError, match="line"):
        s2sad.grad(generator_kept)(X)


@pytest.mark.parametrize("f", [stack, middle, inserted, branches])
def test_checkpointing_leaves_the_rebuilding_loops_alone(f):
    """The loops this lift writes are not the user's: checkpoint=2 no longer refuses them as
    "a checkpointed loop that appends to the list" (it did on this branch's first version)."""
    assert np.allclose(s2sad.grad(f, checkpoint=2)(X), s2sad.grad(f)(X))
    check_grad(f, X)
