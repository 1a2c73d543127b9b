"""np.linalg.norm(x, 1) raises NotImplementedError from the rule's run-time helper

Class: internal; mode: py; check: call; NotImplementedError escaping rules/runtime.py:norm_grad
Found by: python -m tests.fuzz --n 400 --seed 30000 --jit off --minimize 8 (fuzzer at eb98b34); programs 30244, 30303, 30167, 30122, 30228, 30310, 30214, minimized by tests/fuzz/minimize.py and cleaned by hand.
s2sad returns: NotImplementedError: s2sad differentiates np.linalg.norm only for the 2-norm/Frobenius norm
right (central differences): value 3.7, gradient [ 1., -1.,  1.,  1., -1.]
Replay: python -m tests.fuzz.replay tests/fuzz/findings/norm_ord1_not_implemented.py
"""
import math
import numpy as np

def f(coef):
    return np.linalg.norm(coef, 1)

# ---- replay data ----
FINDING = {'status': 'fixed', 'signature': ['internal', 'py', 'call', 'NotImplementedError', 'rules/runtime.py:norm_grad'], 'seed': 0, 'attempt': 0, 'params': [['coef', [5]]], 'wrt': ['coef'], 'out': [[]], 'mutations': [], 'seeds': [30244, 30303, 30167, 30122, 30228, 30310, 30214], 'campaign': 'python -m tests.fuzz --n 400 --seed 30000 --jit off --minimize 8 (fuzzer at eb98b34)'}
ARGS = [np.array([ 0.3, -1.1,  0.7,  1.4, -0.2])]
S2SAD = None
RIGHT = [np.array([ 0.9999999999986211, -0.9999999999996785,  1.0000000000007359,  1.0000000000007359,
 -0.9999999999996785])]
