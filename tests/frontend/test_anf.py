"""The A-normal form (s2sad/frontend/anf.py): what each atom of a lowered statement means."""
import numpy as np
import pytest

from s2sad.testing import check_grad


def newaxis_kernel_solve(X, y):
    sq = np.sum(X ** 2, axis=1)
    d2 = sq[:, np.newaxis] + sq[np.newaxis, :] - 2 * X @ X.T
    K = np.exp(-0.5 * d2) + 0.1 * np.eye(X.shape[0])
    return y @ np.linalg.solve(K, y)


def test_newaxis_in_an_index_is_none():
    """`sq[:, np.newaxis]` was lowered with `np.newaxis` as a temporary, which the rank analysis
    could not read as a new axis: the kernel matrix got no rank and `np.linalg.solve` of it was
    refused as maybe a stack of matrices (hunt9, /work/scratch/user/fns70.py gp_nll_2d).
    `np.newaxis` is None, and is lowered as the constant."""
    X = np.array([[0.1, 0.5], [-0.7, 0.2], [0.4, -0.3], [1.0, 0.8]])
    y = np.array([0.3, -1.2, 0.5, 0.9])
    import autograd.numpy as anp

    def reference(X, y):
        sq = anp.sum(X ** 2, axis=1)
        K = anp.exp(-0.5 * (sq[:, None] + sq[None, :] - 2 * X @ X.T)) + 0.1 * anp.eye(X.shape[0])
        return y @ anp.linalg.solve(K, y)
    for jit in (False, True):
        check_grad(newaxis_kernel_solve, X, y, wrt=(0, 1), jit=jit, rtol=1e-4,
                   reference=reference if not jit else None)


def _row_stats(v):
    return v.mean(), v.std(), v.max()


def stats_into_rows(X):
    out = np.zeros((X.shape[0], 3))
    for i in range(X.shape[0]):
        out[i, 0], out[i, 1], out[i, 2] = _row_stats(X[i])
    return np.sum(out ** 2)


def nested_store_targets(x, y):
    a = np.zeros(3)
    (a[0], a[1]), a[2] = _pair(x, y), np.sin(x)
    return np.sum(a ** 2) * y


def _pair(x, y):
    return x * y, x - y


def test_tuple_of_stores_unpacks_a_call():
    """`out[i, 0], out[i, 1], out[i, 2] = helper(row)` was refused ("this assignment target": only
    names, or a tuple literal on the right, could be unpacked into stores; hunt11,
    /work/scratch/user/fns82.py tuple_helper_into_array). The value is unpacked into fresh names,
    which are then stored left to right, as Python does; nested targets too."""
    X = np.array([[0.1, 0.5, -0.3, 0.9], [-0.7, 0.2, 0.6, 0.1], [0.4, -0.3, 1.2, -0.5]])
    import autograd.numpy as anp

    def reference(X):
        rows = [anp.array([r.mean(), r.std(), r.max()]) for r in X]
        return anp.sum(anp.stack(rows) ** 2)
    for jit in (False, True):
        check_grad(stats_into_rows, X, jit=jit, rtol=1e-4, reference=reference if not jit else None)
        check_grad(nested_store_targets, 0.3, 0.7, wrt=(0, 1), jit=jit, rtol=1e-4)


def base_of_a_call(x):
    return np.sum(np.exp(x).base)


def real_of_a_call(x):
    return np.sum(np.exp(x).real)


def machine_epsilon_scaled(x):
    return np.sum(x) * (np.finfo(np.float64).eps * 1e10) + np.exp(x).shape[0]


def test_an_attribute_of_a_computed_value_is_refused_not_taken_for_a_constant():
    """`np.exp(x).real` was taken for a module constant (like np.pi): a zero gradient, silently.
    An attribute of a computed value is refused at its line; an attribute of a value computed
    from globals only (`np.finfo(np.float64).eps`) is still a constant, and `.real` is np.real."""
    import s2sad
    from s2sad.errors import UnsupportedSyntaxError
    from s2sad.testing import check_grad, check_jvp
    x = np.array([0.3, -1.2, 2.0])
    with pytest.raises(UnsupportedSyntaxError, match=r"line \d+(.|\n)*`\.base` of a computed value"):
        s2sad.grad(base_of_a_call)(x)
    with pytest.raises(UnsupportedSyntaxError, match=r"`\.base` of a computed value"):
        s2sad.jvp(base_of_a_call)(x, x)
    check_grad(real_of_a_call, x)
    check_jvp(real_of_a_call, x, tangent=x[::-1].copy())
    check_grad(machine_epsilon_scaled, x)
