"""a dataclass holding W2 (and its dataclasses.replace copy) read by a method before W2's rows are written in place (for z in W2: z -= ...): the reverse sweep read it after the write (tests/analyses/test_alias44.py)

Class: wrong; mode: py; check: vjp
Found by: python -m tests.fuzz --records /work/scratch/s44/fuzz/sub.jsonl --minimize 2 --findings-dir /work/scratch/s44/fuzz/find2; programs 44001485, minimized by tests/fuzz/minimize.py.
s2sad returns: [[-1.0204, -0.3933, -0.6017], [-1.0056, -1.0457, -0.9881]]
right (autograd (agrees with finite differences)): [[-0.8866, -0.6898, -0.2874], [-0.6591, -0.8261, -1.0095]]
module globals changed between calls: W0 (rebind) -> [-0.44, -0.15, -0.94]
Replay: python -m tests.fuzz.replay tests/fuzz/findings/dataclass_replace_read_before_write.py
"""
import math
import numpy as np
import collections
import dataclasses
W0 = np.array([0.24, 0.83, 0.46])

@dataclasses.dataclass
class Params:
    W: 1.0
    damp: float = 0.5

    @property
    def total(self):
        return self

    def apply(self, z):
        return -z[-1] + np.sum(np.sin(self.W))
Pt = 'Pt'

def f(W):
    T_ = [[W[i_, j_] for j_ in range(3)] for i_ in range(2)]
    W2 = np.array(T_)
    prm = Params(W=W2)
    st2 = dataclasses.replace(prm, damp=W0[2])
    obs = W0
    beta = st2.apply(obs)
    q = 0
    for z in W2:
        z -= np.mean(z)
    return W0 + beta

# ---- replay data ----
FINDING = {'status': 'fixed', 'signature': ['wrong', 'py', 'vjp', None, None], 'seed': 44001485, 'attempt': 0, 'params': [['W', [2, 3]]], 'wrt': ['W'], 'out': [[3]], 'mutations': [['W0', 'rebind', [-0.44, -0.15, -0.94]]], 'seeds': [44001485], 'campaign': 'python -m tests.fuzz --records /work/scratch/s44/fuzz/sub.jsonl --minimize 2 --findings-dir /work/scratch/s44/fuzz/find2'}
ARGS = [np.array([[-0.5611980084107703,  0.8517510755212534, -1.2927881210451866],
 [ 0.8901298520497427,  0.6618493398589016,  0.2695475133979317]])]
S2SAD = [np.array([[-1.0203793590618475, -0.3932813435985218, -0.6017392136102541],
 [-1.0056293410902475, -1.0457095264388916, -0.9881484600148356]])]
RIGHT = [np.array([[-0.8866415055341899, -0.689804656299106 , -0.2874149058491458],
 [-0.6590614249127607, -0.8261497652818958, -1.0094588858488738]])]
