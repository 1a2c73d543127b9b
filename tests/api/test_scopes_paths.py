"""scopes._DataPaths: numbers and arrays read through a global plain object (``cfg.scale``,
``cfg.opt.lr``) or a global dict by constant keys (``PARAMS["a"]``) become data parameters of
their own, read afresh at every call: under jit=True numba compiles the values, never the object
or a dict of mixed values (both were JitErrors), and a changed value is seen in both modes."""
import numpy as np
import pytest

import s2sad


class Opt:
    def __init__(self):
        self.lr = 0.5


class Config:
    def __init__(self):
        self.scale = 2.0
        self.W = np.array([1.0, 2.0, 3.0])
        self.opt = Opt()


cfg = Config()
PARAMS = {"a": 1.0, "b": np.array([1.0, 1.0, 1.0]), "name": "model"}
TABLE = {"k": 2.0}


def reads_a_config(x):
    return cfg.scale * np.sum(cfg.W * x ** 2) + cfg.opt.lr * np.sum(x) + PARAMS["a"] * np.sum(PARAMS["b"] * x)


def truth(x):
    return cfg.scale * 2 * cfg.W * x + cfg.opt.lr + PARAMS["a"] * PARAMS["b"]


def reads_a_dict_whole(x):
    s = 0.0
    for k in TABLE:
        s = s + TABLE[k] * np.sum(x)
    return s + TABLE["k"] * x[0]


@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.jit)])
def test_values_read_through_an_object_or_a_dict_are_current(jit):
    """Under jit=True this was a JitError (the object and the mixed dict went to numba).
    Failed before the change."""
    g = s2sad.grad(reads_a_config, jit=jit)
    x = np.array([0.5, -1.0, 2.0])
    saved = (cfg.scale, cfg.W.copy(), cfg.opt.lr, dict(PARAMS))
    try:
        assert np.allclose(g(x), truth(x))
        cfg.scale, cfg.opt.lr = -1.0, 3.0
        cfg.W[0] = 10.0
        PARAMS["a"] = 3.0
        PARAMS["b"] = np.array([0.0, 1.0, 2.0])
        assert np.allclose(g(x), truth(x))
        cfg.opt = Opt()
        assert np.allclose(g(x), truth(x))
    finally:
        cfg.scale, cfg.W, cfg.opt.lr = saved[0], saved[1], saved[2]
        PARAMS.clear()
        PARAMS.update(saved[3])
    assert "cfg" not in g.source.splitlines()[0] and "PARAMS_a" in g.source.splitlines()[0]


def test_a_dict_read_otherwise_than_by_constant_keys_goes_whole():
    g = s2sad.grad(reads_a_dict_whole)
    x = np.array([0.5, -1.0, 2.0])
    assert np.allclose(g(x), [2.0 + 2.0, 2.0, 2.0])
    assert "TABLE," in g.source.splitlines()[0] or "TABLE)" in g.source.splitlines()[0]
