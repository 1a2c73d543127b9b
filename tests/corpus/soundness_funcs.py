"""Functions from the soundness issue (#8): each once gave a silently wrong gradient or an
internal error. Checked in tests/corpus/test_soundness.py against finite differences and autograd."""
import math

import numpy as np


# ---- lists written inside calls -------------------------------------------------
def list_with_dtype(a, b):
    v = np.array([a, b], dtype=float)
    return np.sum(v * v)


def nested_list(x, y):
    M = np.array([[x, y], [y * y, 1.0]])
    return np.sum(M @ M)


def rotation(t):
    R = np.array([[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]])
    v = R @ np.array([1.0, 2.0])
    return v[0] * v[1]


def stack_axis(a, b):
    return np.sum(np.stack([a, b], axis=1) ** 2 * np.arange(2.0))


def mean_of_list(s1, s2):
    return np.mean([s1, s2]) * s1


def norm_of_list(dx, dy):
    return np.linalg.norm([dx, dy])


def quaternion(t):
    q = np.array([np.cos(t / 2), 0.0, np.sin(t / 2), 0.0])
    return np.sum(q * np.array([1.0, 2.0, 3.0, 4.0])) + np.dot(q, [0.5, 0.1, 0.2, 0.3])


def builtin_sum_of_list(a, b):
    return sum([a * b, a, np.sin(b)])


# ---- loops ----------------------------------------------------------------------
def enumerate_zip(xs, ws):
    s = 0.0
    for k, (x, w) in enumerate(zip(xs, ws)):
        s = s + k * x * w
    return s


def enumerate_reversed_start(xs, c):
    s = 0.0
    for k, x in enumerate(reversed(xs), 1):
        s = s + k * x * c
    return s


def nested_zip(xs, ws):
    s = 0.0
    for (a, b), w in zip(zip(xs, ws), ws):
        s = s + a * b * w
    return s


def unpack_rows(P):
    s = 0.0
    for a, b in P:
        s = s + a * np.sin(b)
    return s


def zip_range(xs):
    s = 0.0
    for i, x in zip(range(1, 4), xs):
        s = s + i * x * x
    return s


# ---- shapes that change between iterations -----------------------------------------
def de_casteljau(p):
    for r in range(len(p) - 1):
        p = p[:-1] + p[1:]
    return np.sum(p * p)


def de_casteljau_weighted(p, t):
    for r in range(3):
        p = (1.0 - t) * p[:-1] + t * p[1:]
    return np.sum(p ** 2)


def grows_by_broadcast(z, W):
    for i in range(3):
        z = z + W
    return np.sum(z * z)


# ---- early returns ------------------------------------------------------------------
def early_return_other_branch(x, c):
    if c > 0:
        y = np.ones(3) * x
    else:
        return x
    return np.sum(y * y)


def early_return_in_loop(x, c):
    for i in range(3):
        if c > i:
            return np.sum(x) * i
        w = x * c
    return np.sum(w)


# ---- products of stacks of matrices ---------------------------------------------------
def batched_matmul(a, b):
    return np.sum((a @ b) ** 2)


def batched_matvec(a, v):
    return np.sum(np.sin(a @ v))


def attention(q, k):
    s = q @ np.swapaxes(k, -1, -2)
    return np.sum(np.tanh(s))


# ---- constructs added for issue 11 (the front end) --------------------------------------
def for_else(x):
    s = 0.0
    for v in x:
        if v > 5.0:
            break
        s = s + v * v
    else:
        s = s * 2.0
    return s


def while_else(x):
    k = 0
    y = x
    while k < 3:
        y = y * 1.5
        k += 1
        if y > 10.0:
            break
    else:
        y = y + 1.0
    return y


def chained_index_writes(x):
    B = np.zeros((2, 2))
    for i in range(2):
        for j in range(2):
            B[i][j] = x[i] * x[j] + j
    B[1][0] += x[0] ** 3
    return np.sum(B ** 2)


def _act(z, kind="tanh"):
    if kind == "tanh":
        return np.tanh(z)
    return np.maximum(z, 0.0)


def string_defaults(x):
    return np.sum(_act(x) + _act(x, "relu"))


def list_comprehension(a):
    return np.sum([i * 3 for i in a])


def generator_in_sum(xs):
    return sum(x ** 2 for x in xs if x > 0)


def comprehension_over_range(x):
    parts = [x[i] * x[i + 1] for i in range(len(x) - 1)]
    return sum(parts) + np.mean([np.sin(v) for v in x])


def comprehension_shadows(x):
    x2 = x * 2
    v = [x for x in x2]
    return np.sum(np.array(v) * x)


def nested_comprehension(x, y):
    M = np.array([[a * b for b in y] for a in x])
    return np.sum(M ** 2)


def nested_def(a, n):
    def _fn(a, n):
        return a * n
    for i in range(n):
        a = _fn(a, a)
    return a


def nested_def_rk4(y0, k):
    def rhs(y):
        return -k * y + np.sin(y)
    y = y0
    h = 0.05
    for _ in range(20):
        k1 = rhs(y)
        k2 = rhs(y + 0.5 * h * k1)
        k3 = rhs(y + 0.5 * h * k2)
        k4 = rhs(y + h * k3)
        y = y + h / 6.0 * (k1 + 2 * k2 + 2 * k3 + k4)
    return np.sum(y ** 2)


def nested_def_reads_later_local(x):
    def g(z):
        return z * w
    w = x * 2.0
    return g(x) + g(w)


def list_of_weight_matrices(W1, W2, x):
    h = x
    for W in [W1, W2]:
        h = np.tanh(W @ h)
    return np.sum(h)


def argmax_axis_gather(X):
    i = np.argmax(X, axis=1)
    return np.sum(X[np.arange(X.shape[0]), i] ** 2)


# ---- found by the differential fuzzer (tests/fuzz/findings) --------------------------
def augassign_scalar_param(a):
    a *= np.linalg.det(np.eye(3) + 1.0)
    return a


def _step_with_list(v):
    ps = []
    ps.append(v * 0.9)
    return sum(ps)


def helper_list_in_loop(b):
    for k in range(3):
        b = _step_with_list(b)
    return b


def loop_over_rebound_name(v):
    s = 0.0
    for c in v:
        v = v * 2.0
        s = s + c
    return s + np.sum(v)


def dot_of_views_before_inplace_rows(W):
    W = W + 1.0
    c = W[:, 1].dot(W[:, 0])
    for row in W:
        row /= np.linalg.norm(row)
    return 0.5 * c + np.sum(W)


def sort_in_loop(x):
    s = 0.0
    y = x * 1.0
    for i in range(3):
        y = y * 1.5 - np.sort(y)
        s = s + np.sort(y)[1]
    return s


def std_of_constant_rows(b):
    return np.max(np.std(b + np.zeros((2, 3)), axis=1, ddof=1)) + b


def hypot_of_zeros(x):
    return np.hypot(x - x, 0.0) + x


def det_of_singular(x):
    return np.linalg.det(np.full((2, 2), x))


TARGET = np.array([0.26, 0.12, 0.24])


def method_of_global_array(x):
    y = TARGET.copy()
    return np.sum(y * x) + TARGET.dot(x) + TARGET.sum() * x[0]


def _pair_of_shapes(tau, X):
    return (X[:, -1] + tau, 0.5 * tau * tau)


def tuple_of_shapes_in_loop(y):
    v = 0.0
    for i in range(2):
        v = v + _pair_of_shapes(y[2], np.ones((2, 3)) * v)[1] ** 2
    return v


def _ident(M):
    return M


def write_through_helper_result(X):
    S = X * 1.0
    V = _ident(S)
    V[1] = 2.0
    return np.sum(np.sin(S))


def transpose_view_after_row_write(W):
    K = np.copy(W)
    K[1] = K.T @ K[:, 0]
    return np.sum(K)


def arctan2_at_origin(x):
    z = 0.0 * x
    return np.sum(np.arctan2(z, z) + x) + math.atan2(z[0], z[0])


def full_from_a_3d_value(t):
    b = np.atleast_3d(t)  # shape (1, 1, 1): np.full drops the extra leading axis
    return np.sum(np.full((3, 3), b) ** 2)


# ---- found on a fresh set of user functions (stop 14) ----------------------------
def logistic_map(r):
    """``t = 1 - x`` recomputed in the reverse sweep from the ``x`` the same statement
    overwrites (``x = r * x * (1 - x)``): it must use the value before the statement."""
    x = 0.3
    acc = 0.0
    for _ in range(6):
        x = r * x * (1 - x)
        acc += math.log(abs(r * (1 - 2 * x)))
    return acc


def mask_in_loop(x, seg):
    """``x[seg == s]`` has as many elements as the mask has True values: a different
    shape each iteration, so the reverse sweep must save it, not read the last one."""
    total = 0.0
    for s in np.unique(seg):
        total += np.mean(x[seg == s]) ** 2
    return total


def sum_of_mixed_ranks(theta):
    """The builtin ``sum`` of a 1-element array and a number: each element's gradient is the
    result's, summed to its own shape (fuzz campaign 600000, seed 601207: a ValueError)."""
    rho = np.atleast_1d(theta[0]) * 2.0
    return np.sum(sum([rho, theta[1], rho]) ** 2)


def iterate_over_rebound_name(q, v):
    """``enumerate(q)`` iterates over the array ``q`` held when the loop started, while the body
    rebinds ``q``: the element must not be recomputed from the later ``q`` in the reverse sweep
    (fuzz campaign 700000, seed 705092: a wrong gradient)."""
    for it in range(len(v)):
        for t, beta in enumerate(q):
            q = q + 0.05 * np.linalg.det(beta * beta + np.eye(3))
            v = q
    return np.sum(v)


def ragged_pieces_in_loop(x):
    """The loop variable takes elements of a list of different lengths: the shapes read in the
    reverse sweep (``sum_grad``'s) must be each iteration's, not the last one's (an internal
    ValueError from a fresh set of user functions)."""
    parts = [x[:1], x[1:] * 2.0]
    total = 0.0
    for p in parts:
        total += np.sum(p ** 2)
    return total


def ragged_list_parameter(Ws, x):
    """The same through a list passed in: its elements are of unknown, different shapes."""
    total = 0.0
    for k in range(len(Ws)):
        total += np.sum(np.sin(Ws[k] * x[k]) ** 2)
    return total


def ragged_constant_indices(x):
    """Constant indices into a list name one element each: ``parts[0]`` and ``parts[1]`` differ."""
    parts = [x[:2], x[1:]]
    q = parts[0]
    total = np.sum(q ** 2)
    for k in range(2):
        q = parts[1] * k
        total += np.sum(q ** 3)
    return total



def _spread_over_exp(alpha, params, z):
    e = params[np.argmin(z)]
    return np.mean((params[:] - np.mean(params[:])) ** 2) / np.exp(0.5 * np.arctan2(e, alpha)) + e


def adjoint_of_a_number_read_through_a_view(K, tau):
    """Fuzz seed 906459: ``state[l] = t`` with ``t`` of unknown rank (a helper's result) copied
    the adjoint ``b_state[l]`` with ``np.copy``, a mutable 0-d array; a number's adjoint taken
    from it shared that array, and a later ``+=`` changed both (7% off). Adjoints of numbers
    must stay immutable numbers."""
    w = np.zeros(5)
    K = np.zeros(K.shape).copy()
    state = np.zeros(5)
    l = 0
    state[l] = _spread_over_exp(w[4], K[-1, :], w[::-1]) + \
        _spread_over_exp(tau, np.array([state[-1], tau, 0.75, tau, tau]), K[0, :])
    return np.sum(state)


def rebound_with_another_shape(x):
    """A loop rebinds ``y`` to a value of another shape without reading it: the zero adjoint
    the reversed iteration starts ``y`` from must have the shape ``y`` had at the top of that
    iteration, not its last one (an internal ValueError from the generated code)."""
    y = x[:2]
    for i in range(3):
        y = 0.5 * np.tanh(x) * (i + 1)
    return np.sum(y) + y[1]


def rebound_with_another_shape_while(x, n):
    """The same in a data-dependent ``while``, the old value read only sometimes."""
    y = x[1:]
    k = 0
    while k < n:
        if k % 2 == 0:
            y = np.sin(x) * k
        else:
            y = np.cos(x[:3]) + np.sum(y)
        k += 1
    return np.sum(y ** 2)


def rebound_in_nested_loops(x):
    """An inner loop rebinds a name the outer loop also rebinds, each to other shapes."""
    total = 0.0
    y = x[:1]
    for i in range(2):
        for j in range(2):
            y = np.tanh(x[j:]) * (i + 1.5)
        total += np.sum(y)
        y = x[:3] * 2.0
    return total + np.sum(y)


def rebound_in_one_branch(x, c):
    """Outside loops too: one branch rebinds ``y`` to another shape, the other reads it; the
    zero the first branch's reverse starts ``y``'s adjoint from has ``y``'s earlier shape."""
    y = x[:2] * 3.0
    if c > 0:
        y = np.tanh(x)
    else:
        y = y * np.sum(y)
    return np.sum(y ** 2) + np.sum(x[:2] * y[:2])


def parameter_made_active_in_loop(q, v):
    """``v`` is not differentiated, but the loop reads it and then rebinds it to a value that
    depends on ``q``: forward mode (jvp, hvp) read its tangent before any existed (an
    internal UnboundLocalError); it is zero until the rebinding."""
    s = 0.0
    for i in range(2):
        s = s + np.sum(v * q)
        v = q * 2.0
    return s


def write_through_alias_then_rebind(z, q):
    """Fuzz seed 1000724: ``tmp = q; tmp[1] += 1.0`` changes ``q`` in place between the save
    of ``tanh``'s result and a later save of ``q``; the tape kept only the later one, as if
    ``q`` had not changed, and ``tanh``'s adjoint read the changed value."""
    for n_iter in range(4):
        q = np.tanh(np.arctan(np.remainder(z[:, np.newaxis], 2.5))[:, 0])
        tmp3 = q
        tmp3[1] += 1.0
    y = np.zeros(q.shape)
    y = q
    return np.mean(y)


def clip_number_between_array_bounds(x, b):
    """Fuzz seed 1301926: ``np.clip`` of a number between array bounds is an array; the mask of
    its adjoint was converted to a float (TypeError in both backends)."""
    lo = -np.abs(np.cos(b * np.ones(2)))
    hi = 0.5 + np.sin(b * np.array([1.0, 2.0])) ** 2
    return np.sum(np.tanh(np.clip(x * x - 0.6, lo, hi)) * np.array([1.0, 3.0]))


def flip_of_a_written_array(b, coef):
    """Fuzz seed 1107162: the adjoint of ``np.flip(res)`` is ``np.flip`` of the incoming gradient,
    a view of it that the accumulate stage took for a new array and updated in place: the
    gradient of ``coef`` and the caller's ``dout`` both changed."""
    res = np.ones(coef.shape)
    r = b[0]
    y = res
    y[1] *= r
    return res - coef + np.flip(res)


# ---- lists that grow: positions counted from the end (hunt, fresh set 14) -------------
def states_read_from_the_end(x0, A):
    """``states[-1]`` inside the loop that appends to ``states``: the reverse sweep gave the
    read's gradient to the *final* last element (the list's adjoint has its final length)."""
    states = [x0]
    for k in range(3):
        states.append(np.tanh(A @ states[-1]))
    return sum(np.sum(s ** 2) for s in states)


def window_from_the_end(x, a):
    """``L[-2:]`` of a growing list: the window the primal read, not the final one."""
    L = [x]
    s = 0.0
    for k in range(3):
        L.append(a * L[-1] + 1.0)
        s = s + sum(L[-2:])
    return s + L[-1]


def open_slice_of_a_growing_list(x, a):
    """``L[:-1]`` (and ``L[len(L) - 1]``) while the list grows: was a ValueError in the generated
    code (jit=False) and a wrong gradient (jit=True)."""
    L = [x]
    tot = 0.0
    for k in range(3):
        L.append(a * L[len(L) - 1])
        tot += np.sum(np.array(L[:-1]))
    return tot


def write_from_the_end(x, a):
    """``L[-1] = ...`` right after the append: the write's adjoint reset the wrong element."""
    L = [x]
    for k in range(3):
        L.append(a * L[-1])
        L[-1] = L[-1] + 0.5 * a
    return L[-1] * L[1]


def variable_index_from_the_end(x, a):
    """A negative index held in a name, and one computed in the subscript."""
    L = [x]
    j = -1
    for k in range(3):
        L.append(a * L[j] + L[j - 1 if k > 0 else 0])
    return L[-1]


def numbers_joined_to_an_array(x, w):
    """``np.concatenate([[0.0], x * w])``: the piece-by-piece adjoint read ``.shape`` of the
    list ``[0.0]`` (AttributeError in the generated code, jit=False), and numba has no
    concatenate of a list with an array (JitError): the display is now ``np.array([0.0])``."""
    c = np.cumsum(np.concatenate([[0.0], x * w]))
    ma = (c[3:] - c[:-3]) / 3.0
    return np.sum(ma ** 2)


def whole_list_read_while_it_grows(x):
    """``np.array(L)`` and ``sum(L)`` inside the loop appending to ``L``: the list's adjoint (its
    final length) got the shorter read's gradient added whole (ValueError in the generated code,
    jit=False); now the read is ``L[:len(L)]``."""
    L = []
    total = 0.0
    for v in x:
        L.append(v * 2.0)
        total += np.sum(np.array(L) ** 2) + sum(L) * v
    return total


def copy_of_a_growing_list_to_a_helper(x):
    """A helper reading ``hist[-1]`` of a copy ``L[:]`` of a list that grows (passing ``L`` itself
    is refused: inlined, the helper would read the list with its final length)."""
    L = [x[0]]
    for k in range(3):
        L.append(np.sin(_last_of(L[:])) + x[k])
    return L[-1]


def _last_of(hist):
    return hist[-1]


def rotation_with_a_constant_row(q):
    """Homogeneous 2-d transforms built from nested lists with a constant last row: the rows with
    names became ``np.array`` rows and the constant one stayed a list, which numba cannot join
    (JitError, fresh set 20); every nested row is now an array."""
    T = np.eye(3)
    for i in range(len(q)):
        c, s = np.cos(q[i]), np.sin(q[i])
        T = T @ np.array([[c, -s, 1.0], [s, c, 0.0], [0.0, 0, 1.0]])
    return np.sum(T[:2, 2] ** 2)


def astype_of_a_mask(x):
    """``(x > 0).astype(float)``, ``.astype(dtype=int)``: numba's ``astype`` takes no builtin
    type (JitError since fresh set 3, again in set 21); the numba stage writes np.float64."""
    k = (x > 0).astype(float)
    n = (x < 1.0).astype(dtype=int)
    return np.sum(k * x ** 2) + np.sum(n * x) + x.max().item() * x[0]


def fro_norm_of_a_sum_with_eye(A):
    """``np.linalg.norm(M, "fro")`` of ``M = A @ A.T + np.eye(n)``: the rank of ``np.eye`` was
    unknown, so the numba stage could not tell ``M`` is a matrix and left the string ``ord``
    that numba refuses at run time (JitError, fresh set 14)."""
    M = A @ A.T + np.eye(A.shape[0])
    return np.log(np.linalg.det(M)) + np.linalg.norm(M, "fro") + np.sum(np.identity(2) * M[:2, :2])


def builtin_all_any_gates(x, a):
    """The builtins ``all`` and ``any`` of an array and of a list in a condition: numba has
    neither (JitError, fresh set 15); the numba stage calls loops that stop where Python's do."""
    if all(x > -5.0) and any(x > 0.0):
        y = np.sum(x ** 2)
    else:
        y = np.sum(x)
    if any([a > 1.0, a < -1.0]):
        return y * a
    return y + a


def helper_returning_a_tuple_early(w, u):
    """Fuzz seed 1400050: a helper that returns a tuple from inside a loop and again at its end.
    Lowered to one ``result`` holding a tuple, its result could not be unpacked by the caller
    (refused with "Return a tuple of exactly 2 values", which it did)."""
    q, g = _tuple_early(u[2], w, np.sum(u))
    return np.sum(q * g) + np.mean(g)


def _tuple_early(x, theta, c):
    for _ in range(3):
        if c > 5.0:
            return theta + x, theta
        theta = theta - 0.1 * x * theta
    return theta, theta + np.sin(theta)


def lambda_assigned_to_a_name(x, k):
    """A lambda on a line of its own is a nested def: it reads ``k`` (and ``s``) when called."""
    act = lambda v, s=2.0: np.tanh(s * v) * k  # noqa: E731
    sq = lambda t: t * t + 1.0  # noqa: E731
    h = act(x)
    k = k * 0.5
    return np.sum(act(h, s=0.5)) + np.sum(sq(h)) + sq(x[0])


def nested_def_with_defaults_reading_locals(y0, k):
    """A nested def with a default value that also reads an enclosing local (``k``, passed by keyword)."""
    def rhs(y, scale=1.0):
        return -k * y * scale + np.sin(y)
    y = y0
    for _ in range(5):
        y = y + 0.1 * rhs(y) + 0.01 * rhs(y, 2.0)
    return np.sum(y ** 2)


# ---- hunt4: averages over an axis, lists of tuples ------------------------------------------
def average_over_an_axis_not_differentiated(x, W):
    """numba's np.average takes no axis (typed None: the adjoint did not compile); the
    average is not differentiated (W is not a wrt argument) but still computed."""
    m = np.average(W, axis=0, weights=np.array([1.0, 2.0, 3.0]))
    k = np.average(W, axis=1, keepdims=True)
    return np.sum(x * m) + np.sum(x * x * k[1])


def polygon_of_tuples(x):
    """A list display of tuples of numbers of two types, read in a loop and by index: under
    jit an array placeholder clashed with the tuples, and no zeros existed for them."""
    pts = [(x[0], x[1], 1), (x[2], x[3], 2), (x[4], x[5], 0)]
    area = 0.0
    for i in range(len(pts)):
        x1, y1, k = pts[i]
        x2, y2, _ = pts[(i + 1) % len(pts)]
        area += (x1 * y2 - x2 * y1) * x[k]
    return 0.5 * area ** 2


def pairs_by_comprehension_with_early_return(x, y):
    """A list of tuples built by a comprehension, unpacked by the loop, with an early return
    (the loop's element is assigned on one path only)."""
    pairs = [(x[i], y[i]) for i in range(len(x))]
    s = 0.0
    for p, q in pairs:
        if p > 1.0:
            return s * p
        s += p * q - q ** 2
    return s


def layers_as_tuples_of_array_and_number(W1, W2, x):
    """np.shape of a tuple (W, 0.5) raised ValueError inside zeros_like (jit=False)."""
    layers = [(W1, 0.5), (W2, -0.3)]
    h = x
    for W, b in layers:
        h = np.tanh(W @ h + b)
    return np.sum(h ** 2)


# ---- hunt4: recursion ------------------------------------------------------------------
def _halves(x, lo, hi):
    if hi - lo == 1:
        return x[lo] ** 2
    mid = (lo + hi) // 2
    return _halves(x, lo, mid) * 0.5 + _halves(x, mid, hi)


def recursion_over_index_bounds(x):
    """Split mode saved the parameter ``lo`` as a float and read it back as one: ``x[lo]`` in
    the reverse function raised IndexError (jit=False) or did not compile."""
    return _halves(x, 0, len(x))


def _damped(x, n):
    if n == 0:
        return np.sum(x ** 2)
    t = np.sin(x[0]) * 1.5
    return t * _damped(x * 0.9, n - 1) + t ** 2


def recursion_beside_integer_temporaries(x):
    """The caller's integer temporaries (``t1 = len(x)``...) were taken for the recursive
    function's own ``t1``, ``t2``: ``x[0]`` was saved and cast back with ``int``."""
    a = len(x) * 2 + len(x) // 3 - 1 + len(x) % 2 + len(x) * len(x)
    return _damped(x, 3) + a


# ---- hunt4: zip, enumerate and iterators used as values ---------------------------------
FEATURE_WEIGHTS = {"a": 0.5, "b": 1.5}


def transpose_by_zip_star(pts):
    """zip and enumerate were listed as carrying no numeric value: their results' derivative
    was silently zero. Then refused (NoDerivativeError) with the line; followed since stop 56."""
    xs, ys = zip(*[(p[0], p[1]) for p in pts])
    return sum(a * b for a, b in zip(xs, ys))


def list_of_zip(x, y):
    """`list(...)` had no rule (NoDerivativeError); now read as the comprehension that builds
    the same list (`[(u, v) for u, v in zip(x, y)]`), which s2sad follows."""
    pairs = list(zip(x, y))
    return sum(a * b for a, b in pairs)


def list_of_enumerate(x):
    return sum(i * v for i, v in list(enumerate(x)))


def list_of_an_array(A):
    cols = sum(np.sum(np.sin(r)) for r in list(A.T))
    rows = list(2.0 * A)            # a name stays refused: it may hold a dict or an iterator
    rows[0] = rows[0] * 2.0
    return np.sum(np.array(rows) ** 2) + cols


def list_of_a_generator(x):
    ys = list(v * v for v in x)
    zs = list(np.sin(x))
    zs[1] = zs[1] * 3.0
    return np.sum(np.array(ys)) + sum(zs) + len(list(range(3)))


def list_of_rows_and_numbers(A, b):
    """A list of (row, number) tuples: reading one entry's adjoint back (`own`) made one array of
    the row's adjoint and the number's (ValueError inside the adjoint). Under jit=True numba
    cannot hold such tuples: a located JitError."""
    pairs = list(zip(A, b))
    s = 0.0
    for r, c in pairs:
        s = s + np.dot(r, r) * c
    return s


def loop_over_a_global_dict(x):
    """Loops over a global dict, its items and values: the guard saw `W.items` (a new bound
    method at each read) as a changed global forever (StaleAdjointError), and `W[k]` raised
    TypeError in rank inference."""
    s = 0.0
    for k, v in FEATURE_WEIGHTS.items():
        s += v * x ** 2
    for v in FEATURE_WEIGHTS.values():
        s += v * x
    for k in FEATURE_WEIGHTS:
        s += FEATURE_WEIGHTS[k] * np.sin(x)
    return s


def loop_over_filter_and_iter(x, y):
    """A loop over filter(...) or iter(...) took len() of the iterator (TypeError)."""
    s = 0.0
    for v in filter(None, y):
        s += v * x ** 2
    for v in iter(y):
        s += v * np.sin(x)
    return s


def loop_over_a_name_holding_zip(x, y):
    """Refused with the line (it took len() of the zip object: TypeError)."""
    z = zip(x, y)
    s = 0.0
    for a, b in z:
        s += a * b
    return s
