"""np.clip of np.gradient of a matrix (a tuple of arrays, which NumPy stacks): the rule applied `>=` to the tuple, a TypeError inside s2sad

Class: internal; mode: py; check: call; TypeError escaping rules/runtime.py:clip_mask
Found by: python -m tests.fuzz --records /work/scratch/s21/c19/i1.jsonl --minimize 1 --findings-dir /work/scratch/s21/c19/mini1; programs 1902812, minimized by tests/fuzz/minimize.py.
s2sad returns: TypeError: '>=' not supported between instances of 'tuple' and 'float'
right (central differences): value 0.5, gradient [0., 0., 0.]
Fixed on main (frontend/calls.py: a tuple result given to a NumPy function is converted with np.asarray, as NumPy does); the program now ends in np.gradient's located refusal (regression test: tests/frontend/test_calls.py).
Replay: python -m tests.fuzz.replay tests/fuzz/findings/tuple_result_given_to_clip_type_error.py
"""
import math
import numpy as np

def f(x):
    jac = np.zeros((4, 3))
    K = jac
    K[:, 1] = x[1]
    return np.average(np.clip(np.gradient(K), 0.96, 0.5))

# ---- replay data ----
FINDING = {'status': 'fixed', 'signature': ['internal', 'py', 'call', 'TypeError', 'rules/runtime.py:clip_mask'], 'seed': 1902812, 'attempt': 0, 'params': [['x', [3]]], 'wrt': ['x'], 'out': [[]], 'mutations': [], 'seeds': [1902812], 'campaign': 'python -m tests.fuzz --records /work/scratch/s21/c19/i1.jsonl --minimize 1 --findings-dir /work/scratch/s21/c19/mini1'}
ARGS = [np.array([-0.2585818525718959,  0.5226775236420917, -1.3677736135822367])]
S2SAD = None
RIGHT = [np.array([0., 0., 0.])]
