"""a constant index list mixing signs (`x[[0, -4]]` of a 4-vector) names one element twice: silently wrong gradient in grad and vjp (jvp right)

Class: wrong; mode: py; check: grad
Found by hand (fuzz52, stop 52) while probing index arrays with repeated indices next to the forms52
`scatter` productions, on 9c47b92 (main a59464b plus the productions; the same on main).
s2sad returns: [3, 0, 0, 0]
right (central differences): [5, 0, 0, 0]
`transforms/accumulate._distinct_constants` took every name bound to a constant list of distinct integers
for an index that cannot repeat an element, so the read's adjoint was `b_x[t] += g` (NumPy keeps one of the
two contributions) and an assignment through it (`z[[1, -3]] = v`) gave the overwritten value a gradient
(no `last_write_grad`). Also `z[[-1, 3]] += v`, `A[[0, -3], 1] += v`, and under jit=True.
Fixed at stop 52: only a list of distinct integers of one sign counts as distinct (`accumulate._apart`);
`tests/transforms/test_index_list_signs52.py`.
Replay: python -m tests.fuzz.replay tests/fuzz/findings/index_list_mixing_signs_read_twice.py
"""
import numpy as np


def f(x):
    return np.sum(x[[0, -4]] * np.array([2.0, 3.0]))

# ---- replay data ----
FINDING = {'status': 'fixed', 'signature': ['wrong', 'py', 'grad', None, None], 'seed': 52999001, 'attempt': 0, 'params': [['x', [4]]], 'wrt': ['x'], 'out': [[]], 'mutations': [], 'seeds': [52999001], 'campaign': 'by hand, next to the fuzz52 campaign 52200000'}
ARGS = [np.array([0.3, -0.7, 1.1, 0.45])]
S2SAD = [np.array([3.0, 0.0, 0.0, 0.0])]
RIGHT = [np.array([5.0, 0.0, 0.0, 0.0])]
