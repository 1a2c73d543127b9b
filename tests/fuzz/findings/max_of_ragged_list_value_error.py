"""Python's max over a list display of a number, a 1x1 array and a number: the list was converted with np.array (as for a NumPy call), a ragged array: ValueError from the generated code; max of several values is now the fold of two-argument max

Class: internal; mode: py; check: call; ValueError escaping api.py:_run
Found by: python -m tests.fuzz --records /work/scratch/s16/find/sel.jsonl --minimize 1 --findings-dir /work/scratch/s16/find/out; programs 907763, minimized by tests/fuzz/minimize.py.
s2sad returns: ValueError: setting an array element with a sequence. The requested array has an inhomogeneous shape after 1 dimensions. The detected shape was (3,) + inhomogeneous part.
right (autograd (agrees with finite differences)): value 1.0, gradient 0.0; 0.0
Fixed on branch fuzzfix: frontend/calls.py folds max/min of several values, and refuses (analyses/kinds.check_extremes) a differentiated max/min of values of different ranks (regression test: tests/rules/test_builtin_extremes.py).
Replay: python -m tests.fuzz.replay tests/fuzz/findings/max_of_ragged_list_value_error.py
"""
import math
import numpy as np

def f(a, dt):
    vals = []
    energy = 1.0
    vals.append(max([a, np.atleast_2d(energy), dt]))
    return 1.0

# ---- replay data ----
FINDING = {'status': 'fixed', 'signature': ['internal', 'py', 'call', 'ValueError', 'api.py:_run'], 'seed': 907763, 'attempt': 0, 'params': [['a', []], ['dt', []]], 'wrt': ['a', 'dt'], 'out': [[]], 'mutations': [], 'seeds': [907763], 'campaign': 'python -m tests.fuzz --records /work/scratch/s16/find/sel.jsonl --minimize 1 --findings-dir /work/scratch/s16/find/out'}
ARGS = [-0.9440707210913953, -0.729993681262015]
S2SAD = None
RIGHT = [0.0, 0.0]
