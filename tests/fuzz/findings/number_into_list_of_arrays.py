"""a number written into a list of arrays (vals = items[:]; vals[0] = t): vals[0] - items[1] was taken for arrays of one shape, a wrong vjp; an item stored into a list now joins the list's rank (exact) (tests/analyses/test_ragged_lists44.py)

Class: wrong; mode: py; check: vjp
Found by: python -m tests.fuzz --records /work/scratch/s44/fuzz/sub3.jsonl --minimize 1 --findings-dir /work/scratch/s44/fuzz/find3; programs 44002136, minimized by tests/fuzz/minimize.py.
s2sad returns: 3.3086962992382816; [0., 0., 0., 0.]
right (autograd (agrees with finite differences)): 1.3712576238209766; [0., 0., 0., 0.]
Replay: python -m tests.fuzz.replay tests/fuzz/findings/number_into_list_of_arrays.py
"""
import math
import numpy as np

def f(t, theta, eps=0.1):
    items = [np.hstack([theta[1:], theta[:1]]), np.array([eps, 3.0, 1, t], dtype=float)]
    vals = items[:]
    vals[0] = t
    items[0] = vals[0] - items[1]
    beta = sum(vals)
    return beta

# ---- replay data ----
FINDING = {'status': 'fixed', 'signature': ['wrong', 'py', 'vjp', None, None], 'seed': 44002136, 'attempt': 0, 'params': [['t', []], ['theta', [4]], ['eps', ['default', 0.1]]], 'wrt': ['t', 'theta'], 'out': [[4]], 'mutations': [], 'seeds': [44002136], 'campaign': 'python -m tests.fuzz --records /work/scratch/s44/fuzz/sub3.jsonl --minimize 1 --findings-dir /work/scratch/s44/fuzz/find3'}
ARGS = [0.288892840357442, np.array([-0.6703262267527064 ,  0.01398721428837213,  1.3570872165920211 , -1.203800584645171  ])]
S2SAD = [3.3086962992382816, np.array([0., 0., 0., 0.])]
RIGHT = [1.3712576238209766, np.array([0., 0., 0., 0.])]
