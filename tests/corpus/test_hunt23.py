"""Functions written as people in other fields write them (hunt23: geophysics, climate box
models, supply chains and inventory, actuarial tables, queue networks, game theory,
computational neuroscience, biomechanics, battery and crop models, ranking losses, kernel
methods and Gaussian processes, hand-written boosting and k-means, compressed sensing, camera
models, crystallography and lattice energies, 2-d PDE stencils). The whole hunt lives in
/work/scratch/hunt23 (harness.py, set_*.py, table.md); these are the cases where s2sad was
wrong, crashed or refused what a user would expect to work."""
import numpy as np
import pytest

import s2sad
from s2sad.backends.errors import JitError
from s2sad.errors import UnsupportedSyntaxError

from s2sad.testing import check_grad, check_hvp, check_jvp


def helper_in_a_helper(x):
    def outer(a):
        def inner(b):
            return np.sin(b) * a
        return inner(a + 1.0) + inner(a * 2.0)
    return np.sum(outer(x))


def helper_in_a_helper_reads_the_function(x):
    k = 2.0 * x[0]

    def outer(a):
        def inner(b):
            return b * k * a
        c = inner(a) + 1.0
        return c * inner(c)
    return np.sum(outer(x))


def lambda_in_a_helper_shadowing(x):
    def outer(a):
        def inner(a):
            return a * a
        g = lambda b: np.exp(b * a)   # noqa: E731
        return inner(a + 1.0) * g(a)
    return np.sum(outer(x))


@pytest.mark.parametrize("f", [helper_in_a_helper, helper_in_a_helper_reads_the_function,
                               lambda_in_a_helper_shadowing])
def test_a_def_nested_in_a_nested_def(f):
    """A def inside a nested helper reads that helper's locals (`a`): lifting every nested def
    at once against the outermost function's locals missed them and refused with "name `a` is
    not defined" (wrong: it is). Each level is now lifted when its own body is. Refused before
    the fix."""
    x = np.array([0.5, -1.0, 0.7])
    check_grad(f, x)
    check_jvp(f, x, tangent=np.array([0.3, -1.0, 0.5]))
    check_hvp(f, x, v=np.array([0.3, -1.0, 0.5]))


def tomography_cells_by_comprehension(s):
    rays = [((0, 1, 2), (1.0, 1.5, 0.5)), ((1, 3), (2.0, 1.0))]
    cells = {c: s[c] for c in range(4)}
    total = 0.0
    for idx, lens in rays:
        for c, L in zip(idx, lens):
            total += cells[c] * L
    return total ** 2


def test_a_dict_comprehension_is_refused_with_advice_that_works():
    """The refusal of a dict comprehension advised "Write an explicit `for` loop", but a loop
    writing `cells[c] = s[c]` is refused too (a key that is not a constant). The advice now says
    what s2sad follows: constant keys written out, or a list/array indexed by integers."""
    s = np.array([0.2, 0.3, 0.25, 0.4])
    with pytest.raises(UnsupportedSyntaxError, match=r"line \d+.*(?s:.*)constant keys"):
        s2sad.grad(tomography_cells_by_comprehension)(s)


def shrinking_gain_in_a_list(w):
    scale = [1.0]
    h = np.array([0.5, -0.3, 0.8])
    for _ in range(3):
        scale[0] *= 0.9
        h = np.tanh(scale[0] * w * h)
    return h.sum()


def test_checkpointed_loop_writing_a_list_item():
    """A checkpointed loop that writes `scale[0] *= 0.9` was refused as one that "appends to the
    list `scale`" (later "... or writes into it"); since open44 the list is loop state."""
    got = check_grad(shrinking_gain_in_a_list, 1.3,
                     grad_fn=lambda f, wrt, jit: s2sad.grad(f, wrt=wrt, jit=jit, checkpoint=2))
    assert got == pytest.approx(s2sad.grad(shrinking_gain_in_a_list)(1.3), rel=1e-12)


def ray_lengths_through_grid_cells(s):
    S = s.reshape(3, 3)
    rows, cols = np.array([0, 0, 1, 2, 0]), np.array([0, 1, 1, 2, 1])
    L = np.array([1.0, 1.2, 0.9, 1.4, 0.5])
    return np.sum(L * S[rows, cols]) ** 2 + S.T[1].sum()


def test_jit_accumulates_through_two_index_arrays_into_a_transposed_gradient():
    """`S[rows, cols]` (cells a ray crosses, one cell twice) and `S.T[1]` in one function: the
    gradient of S starts as the transpose of S.T's, not C-contiguous, and the compiled
    accumulation through several index arrays wanted a flat view of it (located JitError, jit
    only). It now writes element by element. Refused before the fix."""
    check_grad(ray_lengths_through_grid_cells, np.linspace(0.2, 0.6, 9), jit=True)


LAYER_H = np.array([2.0, 3.0, 5.0])
RAYS = [(0, 1, 2), (1, 2), (0, 2)]


def straight_ray_traveltime(slow):
    t = 0.0
    for ray in RAYS:
        for c in ray:
            t += LAYER_H[c] * slow[c]
    return t ** 2 / 10.0


def test_jit_names_a_global_list_of_tuples_of_different_lengths():
    """The cells each ray crosses, a global list of tuples of different lengths: numba cannot
    unbox it, and the compiled adjoint's TypeError was said as "numba's implementation of a NumPy
    function accepts less than NumPy's", with no line. It is now a JitError at the user's line
    naming the list and what to write (jit=False differentiates it). Unlocated before the fix."""
    slow = np.array([0.5, 0.4, 0.3])
    check_grad(straight_ray_traveltime, slow)
    with pytest.raises(JitError, match=r"line \d+, column \d+(?s:.*)for ray in RAYS(?s:.*)`RAYS` is a list whose "
                                       r"items have different types"):
        s2sad.grad(straight_ray_traveltime, jit=True)(slow)


def battery_log_in_a_dict(R0):
    log = {"v": [], "soc": []}
    soc = 0.9
    for I in [1.0, 2.0, 0.5, 1.5]:
        soc -= 0.05 * I
        log["soc"].append(soc)
        log["v"].append(3.0 + soc - R0 * I)
    return np.sum(np.array(log["v"]) ** 2) + np.mean(log["soc"])


def battery_log_as_advised(R0):
    vs, socs = [], []
    soc = 0.9
    for I in [1.0, 2.0, 0.5, 1.5]:
        soc -= 0.05 * I
        socs.append(soc)
        vs.append(3.0 + soc - R0 * I)
    log = {"v": vs, "soc": socs}
    return np.sum(np.array(log["v"]) ** 2) + np.mean(log["soc"])


def test_append_to_a_list_in_a_dict_entry_is_followed():
    """`log["v"].append(...)` was refused as "`log_v.append(...)` here: its result is discarded
    ... (like list.append)", naming a variable the user never wrote, then (hunt23) as "a list held
    in a dict entry". dicts53 (frontend/dict_entry_names.py) follows the entry as a list of its
    own; the form once advised gives the same gradient."""
    g = check_grad(battery_log_in_a_dict, 0.05)
    np.testing.assert_allclose(g, check_grad(battery_log_as_advised, 0.05), rtol=1e-12)


DICTIONARY = np.cos(np.arange(24.0)).reshape(4, 6)


def greedy_support_residual(y):
    r = y.copy()
    support = []
    for _ in range(2):
        k = int(np.argmax(np.abs(DICTIONARY.T @ r)))
        support.append(k)
        A = DICTIONARY[:, support]
        r = y - A @ (A.T @ y) * 0.3
    return r @ r + np.sum(A[1, support])


def test_jit_indexes_with_a_list_the_function_grows():
    """Orthogonal matching pursuit's support set, a list grown by append, indexes columns
    (`PHI[:, support]`): NumPy reads the list as an array, numba has no getitem with a list
    (JitError, jit only). The compiled form reads `np.array(support)` there. Refused before."""
    check_grad(greedy_support_residual, np.array([1.0, -0.5, 0.8, 0.3]), jit=True)


def decay_model(t, *, amp, decay, shift=0.0):
    return amp * np.exp(-decay * t) + shift


def fit_with_a_parameter_dict(x):
    def model(t, *, amp, decay, shift=0.0):
        return amp * np.exp(-decay * t) + shift
    params = dict(amp=x[0], decay=x[1])
    return np.sum(model(np.linspace(0, 2, 5), **params, shift=x[2]) ** 2)


def fit_with_an_updated_dict(x):
    p = {"amp": x[0], "decay": 0.5}
    p["decay"] = x[1] * 2
    return np.sum(decay_model(np.linspace(0, 1, 4), **p, shift=x[2]) ** 2)


def dict_given_a_new_key(x):
    p = {"amp": x[0], "decay": 0.5}
    p["shift"] = x[1]
    return np.sum(decay_model(np.linspace(0, 1, 4), **p) ** 2)


@pytest.mark.parametrize("f", [fit_with_a_parameter_dict, fit_with_an_updated_dict])
def test_star_star_of_a_dict_the_function_builds(f):
    """`model(t, **params)` of a dict built in the function with constant keys (curve fitting
    with a parameter dict) was refused ("**kwargs in a call"); it now passes those keys by name,
    the entries as they are at the call. Refused before the fix."""
    x = np.array([1.5, 0.7, 0.2])
    check_grad(f, x)
    check_jvp(f, x, tangent=np.array([0.3, -1.0, 0.5]))
    check_hvp(f, x, v=np.array([0.3, -1.0, 0.5]))


def test_star_star_of_a_dict_whose_keys_change_stays_refused():
    with pytest.raises(UnsupportedSyntaxError, match=r"line \d+(?s:.*)\*\*kwargs in a call"):
        s2sad.grad(dict_given_a_new_key)(np.array([1.5, 0.7, 0.2]))
