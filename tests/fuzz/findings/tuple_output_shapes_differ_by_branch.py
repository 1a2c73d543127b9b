"""a tuple-returning function whose items' shapes depend on the branch: ValueError in zeros_like

Class: internal; mode: py; check: call; ValueError escaping rules/runtime.py:zeros_like
Found by: python -m tests.fuzz --n 400 --seed 30000 --jit off --minimize 8 (fuzzer at eb98b34); programs 30068, minimized by tests/fuzz/minimize.py and cleaned by hand.
s2sad returns: ValueError: setting an array element with a sequence. The requested array has an inhomogeneous shape after 1 dimensions. The detected shape was (2,) + inhomogeneous part.
right (autograd (agrees with finite differences)): [ 1.4794,  0.7606, -0.038 ,  1.5636, -0.094 ]
Replay: python -m tests.fuzz.replay tests/fuzz/findings/tuple_output_shapes_differ_by_branch.py
"""
import math
import numpy as np

def f(b):
    if np.sum(b) > 10.0:
        return (b, 1.0)
    return (1.0, b * 2.0)

# ---- replay data ----
FINDING = {'status': 'fixed', 'signature': ['internal', 'py', 'call', 'ValueError', 'rules/runtime.py:zeros_like'], 'seed': 0, 'attempt': 0, 'params': [['b', [5]]], 'wrt': ['b'], 'out': [[], [5]], 'mutations': [], 'seeds': [30068], 'campaign': 'python -m tests.fuzz --n 400 --seed 30000 --jit off --minimize 8 (fuzzer at eb98b34)'}
ARGS = [np.array([ 0.1,  0.2, -0.3,  0.4,  0.5])]
S2SAD = None
RIGHT = [np.array([ 1.4793740302588816 ,  0.7606214397003672 , -0.03804403793614775,  1.5635501583176876 ,
 -0.09399856714042132])]
