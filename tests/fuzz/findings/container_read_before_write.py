"""a value read through a container (prm = Config(W=X, b=B); np.sin(prm.W)) before X is written in place: the reverse sweep read it after the write (tests/analyses/test_alias44.py)

Class: wrong; mode: py; check: grad
Found by: python -m tests.fuzz --records /work/scratch/s44/fuzz/grad.jsonl --minimize 1 --findings-dir /work/scratch/s44/fuzz/find; programs 44001099, minimized by tests/fuzz/minimize.py.
s2sad returns: value -1.9834383761393994, gradient [[-2.3798, -1.5045, -0.0651, -0.17  ], [-2.4191, -0.0949, -1.5402, -0.0667], [-0.1842, -1.264 , -1.2933, -4.299 ]]; [[ 0.    , -0.2979, -0.1892, -7.3174], [-0.0836,  0.    , -0.0706,  0.6505], [ 3.8616,  2.3619,  2.3034,  3.5761]]
right (central differences): value -1.9834383761393994, gradient [[-2.3438, -1.4004, -0.0391, -0.0933], [-2.3914, -0.0709, -1.3663, -0.0484], [-0.107 , -1.1215, -1.1576, -4.2978]]; [[ 3.9991e-13, -2.9793e-01, -1.8924e-01, -7.3174e+00], [-8.3575e-02,  3.9991e-13, -7.0633e-02,  6.5050e-01], [ 3.7539e+00,  2.1552e+00,  2.0471e+00,  3.1551e+00]]
Replay: python -m tests.fuzz.replay tests/fuzz/findings/container_read_before_write.py
"""
import math
import numpy as np
import dataclasses

def relax_in(u, s):
    u *= 1.0 + 0.1 * s
    return (u, np.sum(u ** 2))

def smooth_out(v, s=0.5):
    w = v.copy()
    seg, r = relax_in(w[:-1], s)
    w[-1] = w[-1] + 0.1 * r
    return w * (1.0 + 0.1 * np.tanh(seg[0]))

@dataclasses.dataclass
class Config:
    W: np.ndarray
    b: np.ndarray

def scale_(u, s):
    for row in u:
        row *= s
    u[0] = 0.0
    u[:] = u / (1.0 + s ** 2)

def scale_2(u, s):
    u[:, 0] *= s
    u[-1] = u[0] * s
    for row in u:
        row *= s
    return u

def f(X, B):
    for feat in X:
        X = X * B[2, len(feat) - 1]
        sigma = sum([X[-1, -1], np.remainder(feat[0], 2.5), np.linalg.norm(feat)])
        res = smooth_out(feat)
    X = np.tanh(X + B[2:])
    rows = [+pow(2.0 + np.cos(10.0), np.tanh(X[-1, -1])), pow(np.fmax(B[0, 3], np.sqrt(np.sum((X[0] - 0.5) ** 2) + 1e-08) - (np.logaddexp(0.0, 0.25) + 0.1)), 4)]
    prm = Config(W=X, b=B)
    inp = np.matmul(rows[1] - X[:, 1:], X[:, -1])
    alpha = np.var(np.minimum(prm.b, 1.0), ddof=1) + np.sum(np.sin(prm.W)) + np.sum(np.tanh(inp))
    scale_(X, X[:, 3] @ (X[:, 0] + B[:, 3]))
    G = scale_2(X, np.tanh(alpha))
    return alpha + np.sum(G ** 2) + np.sin(alpha)

# ---- replay data ----
FINDING = {'status': 'fixed', 'signature': ['wrong', 'py', 'grad', None, None], 'seed': 44001099, 'attempt': 0, 'params': [['X', [3, 4]], ['B', [3, 4]]], 'wrt': ['X', 'B'], 'out': [[]], 'mutations': [], 'seeds': [44001099], 'campaign': 'python -m tests.fuzz --records /work/scratch/s44/fuzz/grad.jsonl --minimize 1 --findings-dir /work/scratch/s44/fuzz/find'}
ARGS = [np.array([[ 0.3886097559514421 ,  0.9483260832481308 , -1.4513644503718508 ,  0.4919226056461894 ],
 [ 0.37056526590540995, -1.1577234588569347 , -0.24328431939627793,  1.0590864677926097 ],
 [-1.104268447851928  ,  1.0365318950275517 , -0.05243764993021105, -0.865114640324915  ]]), np.array([[ 1.3881077971035456 , -1.294238803607982  , -0.8067600074757578 ,  1.0584335994220044 ],
 [-0.33289010635674465,  1.0953549913842333 , -0.27484679489138686, -0.24797808564092394],
 [ 0.2879049781994474 ,  0.8242651998264634 ,  0.44158709462842705, -1.0939130985111243 ]])]
S2SAD = [np.array([[-2.379794267185777  , -1.5045147212110777 , -0.06505214009427732, -0.16995362757704852],
 [-2.4190964318247357 , -0.09494648736632672, -1.5401788490579913 , -0.06673154436272409],
 [-0.18419906225644334, -1.2639703268306877 , -1.293316409264787  , -4.298971059749883  ]]), np.array([[ 0.                 , -0.29793096450588724, -0.18923564408930352, -7.317446411474699  ],
 [-0.08357475966401434,  0.                 , -0.0706325837420582 ,  0.6504996758444493 ],
 [ 3.8615606277549204 ,  2.3618923297867616 ,  2.3033908222829615 ,  3.576079605844771  ]])]
RIGHT = [np.array([[-2.343831848276024  , -1.4003971593589057 , -0.03913447793723904, -0.09327603873365586],
 [-2.3913949453174483 , -0.07094702349176538, -1.3662758663014745 , -0.04837878040727755],
 [-0.10695908665678945, -1.1214611555544558 , -1.1576489894183577 , -4.297781618915367  ]]), np.array([[ 3.9990518997939887e-13, -2.9793096450646966e-01, -1.8923564408990218e-01,
  -7.3174464114907742e+00],
 [-8.3574759663870041e-02,  3.9990518997939887e-13, -7.0632583742792771e-02,
   6.5049967584465840e-01],
 [ 3.7539204298578408e+00,  2.1551538269757646e+00,  2.0471026248141722e+00,
   3.1550941705804134e+00]])]
