"""an in-place update through a slice view (g2 = pos[:-1]; g2 *= 0.5) is lost: wrong value and gradient

Class: wrong; mode: py; check: value
Found by: python -m tests.fuzz --n 500 --seed 40000 --jit both --jit-every 50 --without globals,np.sort,np.linspace,np.clip,np.median (fuzzer at dfa6d15); programs 40490, minimized by tests/fuzz/minimize.py and cleaned by hand.
s2sad returns: value 1.9400000000000004, gradient [ 0.6, -1.6,  2.2]
right (central differences): value 1.5750000000000002, gradient [ 0.3, -0.8,  2.2]
Replay: python -m tests.fuzz.replay tests/fuzz/findings/slice_view_updated_in_place.py
"""
import math
import numpy as np

def f(v):
    pos = np.array(v)
    g2 = pos[:-1]
    g2 *= 0.5
    return np.sum(pos * v)

# ---- replay data ----
FINDING = {'status': 'fixed', 'signature': ['wrong', 'py', 'value', None, None], 'seed': 0, 'attempt': 0, 'params': [['v', [3]]], 'wrt': ['v'], 'out': [[]], 'mutations': [], 'seeds': [40490], 'campaign': 'python -m tests.fuzz --n 500 --seed 40000 --jit both --jit-every 50 --without globals,np.sort,np.linspace,np.clip,np.median (fuzzer at dfa6d15)'}
ARGS = [np.array([ 0.3, -0.8,  1.1])]
S2SAD = [np.array([ 0.6, -1.6,  2.2])]
RIGHT = [np.array([ 0.2999999999997112, -0.8000000000008   ,  2.200000000002368 ])]
