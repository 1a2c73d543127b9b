"""Forward rule of ``scipy.linalg.expm`` (``L(a, t[a])``) and of its gradient helper
``expm_frechet`` (for hvp, forward over reverse): linear in ``e``, and along ``a`` the second
Fréchet derivative ``expm_frechet2``."""
from .forward_registry import tangent
from .runtime_expm import expm_frechet, expm_frechet2


@tangent("scipy.linalg.expm")
def expm(y, A):
    t[y] = expm_frechet(A, t[A])


@tangent(expm_frechet)
def expm_frechet_(r, a, e):
    t[r] = expm_frechet(a, t[e]) + expm_frechet2(a, e, t[a])
