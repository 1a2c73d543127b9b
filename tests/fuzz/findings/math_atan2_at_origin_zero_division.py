"""math.atan2(z, z) with z = 0.0 * x, zero for every input: ZeroDivisionError escapes from the generated adjoint (internal error), right gradient 1

Class: internal; mode: py; check: call
Found by hand next to arctan2_at_origin_is_nan (campaign 200000, program 203729) on main a2d2288.
s2sad returns: ZeroDivisionError: float division by zero (raised in the generated adjoint, line 6)
right (central differences): value 0.4, gradient 1.0
Replay: python -m tests.fuzz.replay tests/fuzz/findings/math_atan2_at_origin_zero_division.py
"""
import math
import numpy as np

def f(x):
    z = 0.0 * x
    return math.atan2(z, z) + x

# ---- replay data ----
FINDING = {'status': 'fixed', 'signature': ['internal', 'py', 'call', 'ZeroDivisionError', 'api.py:_run'], 'seed': 203729, 'attempt': 0, 'params': [['x', []]], 'wrt': ['x'], 'out': [[]], 'mutations': [], 'seeds': [203729], 'campaign': 'by hand, next to campaign 200000 program 203729'}
ARGS = [0.4]
S2SAD = None
RIGHT = [1.0]
