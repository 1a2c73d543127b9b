"""np.arctan2(z, z) with z = 0.0 * S, zero for every input: NaN gradient (the rule divides by y**2 + x**2 = 0), right 1 (like hypot(0, 0), fixed on 3958bec, it wants the zero subgradient)

Class: wrong; mode: py; check: grad
Found by: python -m tests.fuzz --n 10000 --seed 200000 --jit both --jit-every 100 --workers 12 on fuzz at 5867e0e (main 3958bec); programs 203729 (diff = np.zeros(5); diff[0] = np.mean(S); diff = np.arctan2(diff[4], diff) in a loop), minimized by tests/fuzz/minimize.py and by hand; still reproduces on main a2d2288.
s2sad returns: value 0.8, gradient [nan, nan]
right (central differences): value 0.8, gradient [1.0, 1.0]
See math_atan2_at_origin_zero_division for math.atan2, which lets ZeroDivisionError escape instead.
Replay: python -m tests.fuzz.replay tests/fuzz/findings/arctan2_at_origin_is_nan.py
"""
import math
import numpy as np

def f(S):
    z = 0.0 * S
    return np.sum(np.arctan2(z, z) + S)

# ---- replay data ----
FINDING = {'status': 'fixed', 'signature': ['wrong', 'py', 'grad', None, None], 'seed': 203729, 'attempt': 0, 'params': [['S', [2]]], 'wrt': ['S'], 'out': [[]], 'mutations': [], 'seeds': [203729], 'campaign': 'python -m tests.fuzz --n 10000 --seed 200000 --jit both --jit-every 100 --workers 12 on fuzz at 5867e0e (main 3958bec)'}
ARGS = [np.array([0.3, 0.5])]
S2SAD = [np.array([float('nan'), float('nan')])]
RIGHT = [np.array([1.0, 1.0])]
