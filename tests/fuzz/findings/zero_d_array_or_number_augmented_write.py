"""A name assigned a 0-d array (np.copy of a number) and, in a loop, a number: `beta -= 1.0` was taken for an in-place write into the 0-d array, so `alpha` changed too (a silently wrong value)

Class: wrong; mode: py; check: value
Found by: python -m tests.fuzz --records /work/scratch/s22/c22/w1.jsonl --minimize 1 --findings-dir /work/scratch/s22/c22/mini1; programs 2203249 (campaign 2200000 on f4f97ed), minimized by tests/fuzz/minimize.py.
s2sad returned: value -0.9, gradient 0.0
right (central differences): value 0.1, gradient 2.3129646346357426e-14
Fixed on main (analyses/alias_flow.py `_ambiguous_zero_d`: a name that may hold a 0-d array or a number is refused at its `op=` write when another name may share it; regression test: tests/analyses/test_alias.py::test_a_name_that_is_a_0d_array_or_a_number_by_the_data_is_refused_at_its_write).
Replay: python -m tests.fuzz.replay tests/fuzz/findings/zero_d_array_or_number_augmented_write.py
"""
import math
import numpy as np

def f(k0):
    phi = np.copy(k0)
    for l in range(3):
        phi = 0.1
    alpha = phi
    beta = phi
    beta -= 1.0
    return alpha

# ---- replay data ----
FINDING = {'status': 'fixed', 'signature': ['wrong', 'py', 'value', None, None], 'seed': 2203249, 'attempt': 0, 'params': [['k0', []]], 'wrt': ['k0'], 'out': [[]], 'mutations': [], 'seeds': [2203249], 'campaign': 'python -m tests.fuzz --records /work/scratch/s22/c22/w1.jsonl --minimize 1 --findings-dir /work/scratch/s22/c22/mini1'}
ARGS = [0.9295559294318143]
S2SAD = [0.0]
RIGHT = [2.3129646346357426e-14]
