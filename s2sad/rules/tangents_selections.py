"""Forward rules of ``grads_selections.py``'s functions (the same selection of the tangent) and of
their adjoints' helpers (linear in the adjoint: for hvp)."""
import numpy as np

from .forward_registry import tangent
from .grads_selections import CHOOSE, HISTOGRAM
from .runtime_selections import (
    choose_grad,
    histogram_weights_grad,
    histogram_weights_tangent,
    nanmedian_grad,
    resize_grad,
)

SHAPE_ONLY = "read for its shape only"


@tangent(np.resize, nondiff={"new_shape": "a shape (integers)"})
def resize(y, a, new_shape):
    t[y] = np.resize(t[a], new_shape)


@tangent(np.choose, nondiff=CHOOSE)
def choose(y, a, choices, out=None, mode="raise"):
    t[y] = np.choose(a, t[choices], mode=mode)


@tangent(np.nanmedian, nondiff={"out": "only None is covered", "overwrite_input": "only False is covered"})
def nanmedian(y, a, axis=None, out=None, overwrite_input=False, keepdims=False):
    t[y] = np.sum(nanmedian_grad(1.0, a, axis, True) * t[a], axis=axis, keepdims=keepdims)


@tangent(np.histogram, nondiff=HISTOGRAM)
def histogram(y, a, bins=10, range=None, density=None, weights=None):
    t[y] = histogram_weights_tangent(t[weights], a, bins, range, weights)


@tangent(resize_grad, nondiff={"x": SHAPE_ONLY, "new_shape": "a shape (integers)"})
def resize_grad_(r, g, x, new_shape):
    t[r] = resize_grad(t[g], x, new_shape)


@tangent(choose_grad, nondiff={"a": CHOOSE["a"], "choices": SHAPE_ONLY, "mode": CHOOSE["mode"]})
def choose_grad_(r, g, a, choices, mode="raise"):
    t[r] = choose_grad(t[g], a, choices, mode)


@tangent(nanmedian_grad, nondiff={"x": "read for which values are the middle ones (piecewise constant)"})
def nanmedian_grad_(r, g, x, axis=None, keepdims=False):
    t[r] = nanmedian_grad(t[g], x, axis, keepdims)


@tangent(histogram_weights_grad, nondiff={"a": "read for the bins of the samples", "bins": HISTOGRAM["bins"],
                                          "range": HISTOGRAM["range"], "weights": SHAPE_ONLY})
def histogram_weights_grad_(r, g, a, bins=10, range=None, weights=None):
    t[r] = histogram_weights_grad(t[g], a, bins, range, weights)
