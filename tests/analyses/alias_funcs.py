"""Functions that write through names sharing memory (views, the same object, in-place
operators), checked in tests/analyses/test_alias.py against finite differences."""
import numpy as np


def normalize_rows(A):
    B = A.copy()
    for row in B:
        row /= np.linalg.norm(row)
    return np.sum(B * np.arange(B.size).reshape(B.shape))


def same_object(x):
    y = x
    y[0] = 1.0
    return np.sum(x * x)


def same_object_inplace(x):
    y = x.copy()
    z = y
    z *= 3.0
    return np.sum(y * x)


def view_then_base_write(x):
    B = np.outer(x, x)
    row = B[0]
    B[0, 1] = 5.0 * x[0]
    return np.sum(row * x)


def slice_view_write(x):
    y = x * 2.0
    head = y[:2]
    head[0] = x[1] ** 2
    return np.sum(y * y)


def column_inplace(M):
    C = M.copy()
    for j in range(C.shape[1]):
        col = C[:, j]
        col -= np.mean(col)
    return np.sum(C ** 3)


def view_in_branch(x, c):
    y = np.sin(x)
    v = y[1:]
    if c > 0:
        v *= x[0]
    else:
        v += x[-1]
    return np.sum(y * x)


def param_written_through_view(x):
    v = x[1:]
    v[0] = v[0] * 3.0
    return np.sum(x ** 2)


def helper_writes_caller(x):
    y = x * 1.5
    s = _scale_in_place(y)
    return np.sum(y * x) + s


def _scale_in_place(v):
    v *= 2.0
    return v[0]


def inplace_scalar_alias(a):
    b = a
    b += 1.0
    return a * b


def view_rebound_in_loop(K):
    """``h`` is a view of ``T`` on the first iteration only (``h = h + h`` rebinds it):
    a write back ``h = C[:, 1]`` would be wrong from the second (fuzz seed 500200), so it is
    made under a flag that the rebinding clears (analyses/alias_guard.py)."""
    T = np.copy(K)
    h = T[:, 1]
    for i in range(2):
        C = T
        C[1:] = np.minimum(C[:-1], T[1:])
        h = h + h
    return np.sum(h ** 2)


def view_taken_in_loop(K):
    """The same with the view taken inside the loop: followed exactly."""
    T = np.copy(K)
    total = 0.0
    for i in range(2):
        h = T[:, 1]
        C = T
        C[1:] = C[1:] * 2.0
        total = total + np.sum(h ** 2)
        h = h + h
    return total


def zero_d_array_alias(b):
    """``np.copy`` of a number is a 0-d array: ``r -= 1`` through an alias changes ``total``
    too (fuzz campaign 600000, seed 606739: the value was off by 1)."""
    total = np.copy(b)
    r = total
    r -= 1.0
    return total * b + r


def two_copies_of_one_array(alpha):
    """``C2 = G; cov = G``: a write through ``cov`` changes ``C2`` (fuzz campaign 800000, seed
    806758: the write-back was skipped as if ``cov`` held a new array, and the gradient was 0)."""
    G = np.ones((5, 3)) * 0.5
    C2 = G
    cov = G
    cov[:, -1] *= alpha
    return np.sum(C2 * G)


def copy_of_a_view_then_base_write(alpha):
    """``m`` is a copy of a view of ``X``; ``n`` is ``X``: a write through ``n`` changes ``m``
    (followed along the chain of views, analyses/alias_chain.py; it used to be refused)."""
    X = np.ones((5, 3)) * 0.5
    Z = X[1:]
    m = Z
    n = X
    n[-1] *= alpha
    return np.sum(m)


def write_before_a_later_join(x, b):
    """``z`` is written while it holds its own array; only later does a conditional expression
    make a name that may be ``z`` or a view of ``x``: the early writes share nothing."""
    z = np.ones(2)
    for idx in range(2):
        z[idx] += x[len(x) - 1] * b
    out2 = z
    z += np.fmin(out2 if b < 0 else x[1:3], out2)
    return np.sum(out2 ** 2) + np.sum(z ** 2) + np.sum(x)


def copy_then_rebound_in_loop(x):
    """``pos`` is a copy written once; the loop later rebinds it to new arrays."""
    pos = x.copy()
    pos[-1] = pos[-2]
    a = np.tanh(x[0])
    for _ in range(3):
        a = a + 0.1 * np.sum(pos) ** 2
        pos = np.tanh(pos + x[:])
    return a + np.mean(pos)


def list_element_replaced_then_written(x, y):
    """``lst[0] = y`` puts the caller's ``y`` in the list; a write through an element read
    back from it writes into ``y``."""
    lst = [x * 1.0, x * 2.0]
    lst[0] = y
    v = lst[0]
    v[0] = 5.0
    return np.sum(y * x)


def names_swapped_round_a_loop(x):
    """``a = b`` at the end of an iteration: on the next one a write through ``b`` changes ``a``."""
    a = x * 1.0
    b = x * 2.0
    s = 0.0
    for _ in range(3):
        b[0] += a[1]
        s = s + np.sum(a * b)
        a = b
    return s


def slice_of_unknown_rank_scaled_in_place(q, c):
    """``g = pos[:-1]`` is a view whatever ``pos``'s rank (the helper hides it): ``g /= ...``
    writes into ``pos``, which is read afterwards."""
    pos = _opaque_rank(q) * 1.0
    g = pos[:-1]
    g /= 1.0 + c ** 2
    return np.sum(pos ** 2) + np.sum(g)


def _opaque_rank(q):
    return q if np.sum(q) > -1e9 else q[0]


def jacobi_sweeps(b):
    """Each sweep writes a copy of the last iterate (hunt3, fresh set 19): the copy made by the same
    statement one iteration earlier is ``x``'s array now, never the one written."""
    x = np.zeros_like(b)
    for _ in range(3):
        xn = x.copy()
        xn[0] = b[0] - 0.5 * x[1]
        xn[1] = b[1] - 0.5 * x[0] * b[0]
        x = xn
    return np.sum(x ** 2)


def first_iterate_kept(x):
    """``first`` holds the array made on the first iteration; that iteration's write goes through
    it too, later iterations' arrays are new ones."""
    first = x
    for i in range(3):
        a = x * (i + 1.0)
        if i == 0:
            first = a
        a[0] = a[1] * 2.0
    return np.sum(first * a)


def einsum_transpose_written(x):
    """np.einsum('ij->ji', M) is a view of M (it only permutes axes): the write reaches M."""
    M = np.outer(x, x)
    Q = np.einsum('ij->ji', M)
    Q[0, 1] = 0.0
    return np.sum(M * M)


def zero_d_array_rebound_in_a_loop(b, n):
    """``np.copy(b)`` of a number is a 0-d array, but ``y * 2.0`` of it is a number: after the
    loop ``y`` is one or the other depending on ``n``, so whether ``z -= 1.0`` changes ``y`` too is
    not known before the call (fuzz campaign 2200000, seed 2203249: silently wrong value)."""
    y = np.copy(b)
    for i in range(n):
        y = y * 2.0
    z = y
    z -= 1.0
    return y * z


SCALE_G = 0.32


def global_number_in_an_array_display(c):
    """``np.array([..., SCALE_G])`` of a global number: the list display holds the number, which
    no write can change (fuzz seed 3102530 was refused as a write into a global)."""
    v = np.array([0.75, c, SCALE_G], dtype=np.float64)
    pos = v[1:]
    pos /= 1.0 + np.sum(v ** 2)
    return np.sum(v * np.array([1.0, 2.0, 3.0]))


def appended_through_another_name(x):
    """``m = lst`` is the same list: ``m.append(v)`` changes ``lst`` too. The alias stage did not
    count an append as a write, so ``lst[0]`` read the list as it was before (half the gradient)."""
    lst = []
    m = lst
    m.append(x * 2.0)
    return np.sum(lst[0] * x)
