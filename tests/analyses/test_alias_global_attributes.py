"""A name bound to an array read through a global's attribute (``t = Cfg.table``, ``t = cfg.W``
of a global instance, ``t = mod.arr``) shares the global's memory: a write through it would change
the global for every later call, and is refused as a write into the global itself is."""
import types

import numpy as np
import pytest

import s2sad
from s2sad.errors import UnsupportedSyntaxError


class Cfg:
    table = np.array([1.0, 2.0, 3.0])


class Holder:
    def __init__(self):
        self.W = np.array([1.0, 2.0, 3.0])


cfg = Holder()
mod = types.ModuleType("settings")
mod.arr = np.array([1.0, 2.0, 3.0])


def through_a_class_attribute(x):
    t = Cfg.table
    t[0] = x[0]
    return np.sum(t * x)


def through_an_object_attribute(x):
    t = cfg.W
    t[1:] = t[1:] * x[1:]
    return np.sum(t * x)


def through_a_module_attribute(x):
    t = mod.arr
    t *= 2.0
    return np.sum(t * x)


def copied_first(x):
    t = np.copy(cfg.W)
    t[0] = x[0]
    return np.sum(t * x)


@pytest.mark.parametrize("f", [through_a_class_attribute, through_an_object_attribute, through_a_module_attribute],
                         ids=lambda f: f.__name__)
def test_a_write_through_a_global_attribute_is_refused(f):
    """through_a_class_attribute ran and changed Cfg.table for every later call (hunt21's
    r_getattr.py). Failed before the fix."""
    saved = (Cfg.table.copy(), cfg.W.copy(), mod.arr.copy())
    with pytest.raises(UnsupportedSyntaxError, match=r"(?s)test_alias_global_attributes\.py\", line \d+.*"
                                                      r"shares memory with the global.*np\.copy\(\.\.\.\)"):
        s2sad.grad(f)(np.array([0.5, -0.3, 1.2]))
    for before, now in zip(saved, (Cfg.table, cfg.W, mod.arr)):
        assert np.array_equal(before, now)


def test_a_copy_of_a_global_attribute_is_written_freely():
    x = np.array([0.5, -0.3, 1.2])
    g = s2sad.grad(copied_first)(x)
    assert np.allclose(g, [2 * x[0], cfg.W[1], cfg.W[2]])
    assert np.array_equal(cfg.W, [1.0, 2.0, 3.0])
