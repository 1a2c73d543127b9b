"""Backends: source and function objects (``emit``), numba compilation (``jit``,
``numba_runtime``) and standalone modules (``export``)."""
