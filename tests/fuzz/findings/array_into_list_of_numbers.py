"""an array written into a list of numbers (tab[i][0] = y of tab = [[0.0] * 3 ...]): the reverse sweep's copy of the ragged list failed, an internal AdjointFailedError; refused where it is written in stop 44, exact since stop 46 (a row of a list of lists is surely a list: tests/analyses/test_open46_lists.py)

Class: internal; mode: py; check: call; AdjointFailedError escaping api.py:_dout_against_primal
Found by: python -m tests.fuzz --records /work/scratch/s44/fuzz/sub.jsonl --minimize 2 --findings-dir /work/scratch/s44/fuzz/find2; programs 44001651, minimized by tests/fuzz/minimize.py.
s2sad returns: AdjointFailedError: In `f`: s2sad's derivative code for this line raised ValueError: setting an array element with a sequence. The requested array has an inhomogeneous shape after 1 dimensions. The detected shape was (3,) + inhomogeneous part., although `f` itself runs on these arguments. Either the
right (central differences): [0., 0.]
Replay: python -m tests.fuzz.replay tests/fuzz/findings/array_into_list_of_numbers.py
"""
import math
import numpy as np

def f(y):
    rows = y
    b = rows
    tab = []
    for _ in range(5):
        tab.append([0.0] * 3)
    for i_2 in range(1, 5):
        tab[i_2][0] = b
    t = tab[4][2]
    return y.dot(np.diff(t * np.ones((3, 4)), axis=0))

# ---- replay data ----
FINDING = {'status': 'fixed', 'signature': ['internal', 'py', 'call', 'AdjointFailedError', 'api.py:_dout_against_primal'], 'seed': 44001651, 'attempt': 0, 'params': [['y', [2]]], 'wrt': ['y'], 'out': [[4]], 'mutations': [], 'seeds': [44001651], 'campaign': 'python -m tests.fuzz --records /work/scratch/s44/fuzz/sub.jsonl --minimize 2 --findings-dir /work/scratch/s44/fuzz/find2'}
ARGS = [np.array([1.071263184942108 , 1.0520218203943417])]
S2SAD = None
RIGHT = [np.array([0., 0.])]
