"""Transforms that build and tidy the derivative code.

``inline`` (helpers into the caller), ``reverse`` (forward sweep with saves and
the naive reverse sweep), ``accumulate`` (plain accumulations), ``optimize``
(folding, dead code, copy propagation; ``deadtapes``). The stages of ``jit=True`` alone
are the backend's (``backends/numba_lower.py``).
"""
