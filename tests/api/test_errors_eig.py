"""np.linalg.eig/eigvals (and scipy.linalg.eigvals) are complex for a general real matrix: the
refusal (errors_advice._eig_instead) says so, is located, and points to eigh/eigvalsh, in reverse and
forward mode."""
import numpy as np
import pytest

import s2sad


def eigenvalues(a):
    return np.sum(np.linalg.eigvals(a))


def eigenpairs(a):
    w, v = np.linalg.eig(a)
    return np.sum(w)


@pytest.mark.parametrize("f, instead", [(eigenvalues, "np.linalg.eigvalsh"), (eigenpairs, "np.linalg.eigh")])
def test_refused_with_the_symmetric_form(f, instead):
    with pytest.raises(s2sad.NoDerivativeError, match=rf"line \d+(.|\n)*complex(.|\n)*{instead}\(a\)"):
        s2sad.grad(f)(np.eye(2))
    with pytest.raises(s2sad.NoDerivativeError, match=rf"line \d+(.|\n)*complex(.|\n)*{instead}\(a\)"):
        s2sad.jvp(f)(np.eye(2), np.eye(2))


def test_scipy_eigvals_too():
    linalg = pytest.importorskip("scipy.linalg")

    def f(a):
        return np.sum(linalg.eigvals(a))
    with pytest.raises(s2sad.NoDerivativeError, match="eigvalsh"):
        s2sad.grad(f)(np.eye(2))
