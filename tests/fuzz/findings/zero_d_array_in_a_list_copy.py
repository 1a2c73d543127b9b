"""a 0-d array held by a list and by its slice copy, updated in place through the copy (terms[0] += 0.5): the value missed the update (3.0 for 3.5); now refused where it is written (tests/analyses/test_zero_d_list_copies44.py)

Class: wrong; mode: py; check: value
Found by: python -m tests.fuzz --records /work/scratch/s44/fuzz/sub4.jsonl --minimize 2 --findings-dir /work/scratch/s44/fuzz/find4; programs 44005321, minimized by tests/fuzz/minimize.py.
s2sad returns: value 3.0, gradient [0., 0., 0., 0.]
right (autograd (agrees with finite differences)): value 3.5, gradient [0., 0., 0., 0.]
Replay: python -m tests.fuzz.replay tests/fuzz/findings/zero_d_array_in_a_list_copy.py
"""
import math
import numpy as np

def f(params):
    items = [np.copy(1.0), 0, 1, 1]
    terms = items[:]
    terms[0] += 0.5
    phi = sum(items)
    return phi

# ---- replay data ----
FINDING = {'status': 'fixed', 'signature': ['wrong', 'py', 'value', None, None], 'seed': 44005321, 'attempt': 0, 'params': [['params', [4]]], 'wrt': ['params'], 'out': [[]], 'mutations': [], 'seeds': [44005321], 'campaign': 'python -m tests.fuzz --records /work/scratch/s44/fuzz/sub4.jsonl --minimize 2 --findings-dir /work/scratch/s44/fuzz/find4'}
ARGS = [np.array([ 0.4477754821716138, -1.390928798370215 ,  0.495089297862656 , -1.4301883196365517])]
S2SAD = [np.array([0., 0., 0., 0.])]
RIGHT = [np.array([0., 0., 0., 0.])]
