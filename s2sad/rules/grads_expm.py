"""Reverse rule of ``scipy.linalg.expm`` of a square matrix: ``d[a] = L(a^T, d[y])``, the Fréchet
derivative of the exponential at ``a``'s transpose along the incoming gradient (helpers:
``runtime_expm.py``; the forward rule: ``tangents_expm.py``). Part of the rule table (``grads.py``)."""
import numpy as np

from .registry import adjoint
from .runtime_expm import expm_frechet


@adjoint("scipy.linalg.expm")
def expm(y, A):
    d[A] = expm_frechet(np.transpose(A), d[y])
