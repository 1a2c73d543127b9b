"""a list joined to a list (rows2 += [...]) in forward mode: the tangent of `+` was padded with zeros of the whole joined list, so the items' tangents landed at other positions (an internal broadcast error here; a silent misplaced tangent in tests/transforms/test_forward_joins46.py); now the tangents join as the values do

Class: internal; mode: jvp; check: call; AdjointFailedError escaping higher.py:_call
Found by: python -m tests.fuzz --records /work/scratch/s46/fuzz/sub.jsonl --minimize 1 --findings-dir /work/scratch/s46/fuzz/find; programs 46010817, minimized by tests/fuzz/minimize.py.
s2sad returns: AdjointFailedError: File "/tmp/fzans9hy1q2fb/fz_46010817_0_01d12f0b8b.py", line 11, column 5, in f:
right (autograd (agrees with finite differences)): value 0.0, gradient 0.0; [[[0., 0., 0., 0.],  [0., 0., 0., 0.]], [[0., 0., 0., 0.],  [0., 0., 0., 0.]]]
module globals changed between calls: DT (rebind) -> 0.58, RATE (rebind) -> 0.2
Replay: python -m tests.fuzz.replay tests/fuzz/findings/list_join_tangent_in_forward_mode.py
"""
import math
import numpy as np
import scipy.special
DT = 0.41
RATE = 1.85

def f(c, Tin):
    vals = [(4, 2), c * np.ones(2) - c]
    rows2 = vals
    rows2 += [np.amax(np.maximum(0.0, (np.ones((4, 2)) * -0.3)[:, [0, 1, 1, 1]]), axis=0)]
    traj = [np.mean((rows2[2] - np.mean(rows2[2])) ** 2), RATE, RATE]
    parts = traj
    value = parts[0]
    acc = DT

    def accumulate(z_):
        acc = acc + (np.var(rows2[-1] - vals[2]) + np.sin(z_))
    r = acc
    total = value

    def phi_(z_2, *, kk=total * 2.0):
        return z_2 / (np.logaddexp(0.0, np.matmul(np.exp(-0.5 * np.hypot(total * np.ones(2), np.linspace(0.5, 1.0, 2)) * np.hypot(total * np.ones(2), np.linspace(0.5, 1.0, 2))), np.logaddexp2(np.power(np.sqrt((kk + np.zeros(2)) ** 2 + 1.0), 0.5), np.ones(2) * DT))) + 0.1)
    beta = value
    T2 = 1.0
    return beta

# ---- replay data ----
FINDING = {'status': 'fixed', 'signature': ['internal', 'jvp', 'call', 'AdjointFailedError', 'higher.py:_call'], 'seed': 46010817, 'attempt': 0, 'params': [['c', []], ['Tin', [2, 2, 4]]], 'wrt': ['c', 'Tin'], 'out': [[]], 'mutations': [['DT', 'rebind', 0.58], ['RATE', 'rebind', 0.2]], 'seeds': [46010817], 'campaign': 'python -m tests.fuzz --records /work/scratch/s46/fuzz/sub.jsonl --minimize 1 --findings-dir /work/scratch/s46/fuzz/find'}
ARGS = [0.8979356978932103, np.array([[[-0.9108077532952941 ,  0.323178556739244  ,  1.3466190513822687 , -0.7120146407568404 ],
  [ 0.24006778593602185, -0.898081413640691  , -0.9595826793452208 , -0.3293589411106652 ]],

 [[ 0.7026459452039644 ,  0.6605428361700572 ,  0.8868753098432487 ,  0.02175983689631389],
  [ 0.27218705173884183, -1.3609169500109024 ,  0.11739458467876362, -1.1889894592665355 ]]])]
S2SAD = None
RIGHT = [0.0, np.array([[[0., 0., 0., 0.],
  [0., 0., 0., 0.]],

 [[0., 0., 0., 0.],
  [0., 0., 0., 0.]]])]
