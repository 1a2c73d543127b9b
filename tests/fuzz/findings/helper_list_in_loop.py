"""a helper that builds a list (ps = []; ps.append(v * 0.9); return sum(ps)), called in a loop: wrong gradient (the same code written inline is right)

Class: wrong; mode: py; check: grad
Found by: python -m tests.fuzz --n 10000 --seed 100000 --jit both --jit-every 100 on main at 45d2e0b (fuzzer at 6d97aab); programs 100111, minimized by tests/fuzz/minimize.py and cleaned by hand.
s2sad returns: value 0.61965, gradient 0.0
right (autograd (agrees with finite differences)): value 0.61965, gradient 0.7290000000000001
Replay: python -m tests.fuzz.replay tests/fuzz/findings/helper_list_in_loop.py
"""
import math
import numpy as np

def step(v):
    ps = []
    ps.append(v * 0.9)
    return sum(ps)

def f(b):
    for k in range(3):
        b = step(b)
    return b

# ---- replay data ----
FINDING = {'status': 'fixed', 'signature': ['wrong', 'py', 'grad', None, None], 'seed': 0, 'attempt': 0, 'params': [['b', []]], 'wrt': ['b'], 'out': [[]], 'mutations': [], 'seeds': [100111], 'campaign': 'python -m tests.fuzz --n 10000 --seed 100000 --jit both --jit-every 100 on main at 45d2e0b (fuzzer at 6d97aab)'}
ARGS = [0.85]
S2SAD = [0.0]
RIGHT = [0.7290000000000001]
