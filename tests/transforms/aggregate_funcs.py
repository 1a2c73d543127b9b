"""Functions using dicts with constant keys (tests/transforms/test_aggregates.py)."""
import numpy as np
def dict_saxpy(val):
    return val['a'] * val['b'] + val['c']
def dict_wrapper(a, b, c):
    return dict_saxpy(dict(a=a, b=b, c=c))
def nested_dict(p):
    return p['i']['j'] * p['i']['k']
def local_dict(x, W):
    params = {'w': W, 'b': x * 0.5}
    h = np.tanh(params['w'] @ x + params['b'])
    params['b'] = h
    q = params
    q['b'] = q['b'] * 2.0
    return np.sum(params['b'] ** 2)
def dict_loop(x):
    st = {'pos': x, 'vel': 0.0 * x}
    for _ in range(5):
        st['vel'] = st['vel'] - 0.1 * st['pos']
        st['pos'] = st['pos'] + 0.1 * st['vel']
    return np.sum(st['pos'] ** 2)
def bad_key(x, k):
    d = {'a': x}
    return d[k]


def dict_views_in_order(x, d):
    """Loops over a dict parameter's items, values and keys; the result depends on their order."""
    s = 0.0
    for k, w in d.items():
        s = s * 0.5 + w * np.sin(x) * x
    for w in list(d.values()):
        s = s * 1.5 + w * x
    n = 0.0
    for k in d.keys():
        n = n + 1.0
    return s * n
