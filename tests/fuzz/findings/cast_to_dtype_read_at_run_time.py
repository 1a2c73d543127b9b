"""`np.array(x * 10, dtype=a.dtype)` with `a = np.arange(3)` (also `v.astype(kind)`, `np.full(n, v, dtype=IDX.dtype)`, `np.full_like(a, v)` of an integer `a`): NumPy truncates, but a dtype s2sad could not read was taken for float: silently wrong gradient in grad, jvp and jit

Class: wrong; mode: py; check: grad
Found by hand (hunt53, stop 53) while probing casts to integers, on main 2f767c4.
s2sad returns: [6.3, -2.7, 16.1]
right (central differences): [3, -1, 8] (the truncated cast)
`analyses/ir._dtype_kind` read a dtype it could not resolve (`a.dtype`, a local or parameter name,
a module array's `.dtype`) as `np.dtype(None)`, float; `np.full_like(a, v)` takes `a`'s dtype.
Fixed at stop 53: such a result is checked when the function runs (`int_writes._guarded_result`,
`float_target`): refused at its line for an integer result, exact for a float one.
`tests/analyses/test_cast_results53.py`.
Replay: python -m tests.fuzz.replay tests/fuzz/findings/cast_to_dtype_read_at_run_time.py
"""
import numpy as np


def f(x):
    a = np.arange(3)
    return np.sum(np.array(x * 10, dtype=a.dtype) * x)

# ---- replay data ----
FINDING = {'status': 'fixed', 'signature': ['wrong', 'py', 'grad', None, None], 'seed': 53999002, 'attempt': 0, 'params': [['x', [3]]], 'wrt': ['x'], 'out': [[]], 'mutations': [], 'seeds': [53999002], 'campaign': 'by hand, hunt53'}
ARGS = [np.array([0.33, -0.17, 0.81])]
S2SAD = [np.array([6.3, -2.7, 16.1])]
RIGHT = [np.array([3.0, -1.0, 8.0])]
