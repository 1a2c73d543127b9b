"""Reverse rules of the selections and bins (stop 54): ``np.resize``, ``np.choose``,
``np.nanmedian``, ``np.histogram`` in its weights. (``np.unique`` has no rule, on purpose: where two
values tie a small change splits them and the result grows by one; its refusal says so and what to
write instead, ``errors_advice.UNIQUE_INSTEAD``.)

Part of the rule table (``grads.py``); the forward rules are in ``tangents_selections.py``, the
run-time helpers in ``runtime_selections.py``. Invariant: every element of a result is read from
elements of the differentiated arguments chosen by integers (indices, bins, the order of the
values), so the adjoint goes back along the same choice; parameters that make the choice are
declared with their reason, refused where the choice (or the result's length) moves with a
differentiated value.
"""
import numpy as np

from .registry import REFUSED, adjoint
from .runtime_selections import (
    choose_grad,
    histogram_weights_grad,
    nanmedian_grad,
    resize_grad,
)

HISTOGRAM = {
    "a": REFUSED + "the samples: the counts are piecewise constant in them, but with bins given as a count and "
         "no range the edges move with them (and the weighted sums with the edges); np.histogram is "
         "differentiated in weights= only, for samples that do not depend on the inputs differentiated",
    "bins": REFUSED + "the bin edges (or their count): which bin a sample falls into jumps as they move",
    "range": REFUSED + "the range of the bins: which bin a sample falls into jumps as it moves",
    "density": "density=True is not covered (it divides by the weights' sum and the bin widths): divide the "
               "weighted counts yourself, by np.sum(weights) and np.diff(edges)",
}
CHOOSE = {"a": "the indices of the choices (integers)", "mode": "how out-of-range indices are read (a constant)",
          "out": "only None is covered"}


@adjoint(np.resize, nondiff={"new_shape": "a shape (integers)"})
def resize(y, a, new_shape):
    d[a] = resize_grad(d[y], a, new_shape)


@adjoint(np.choose, nondiff=CHOOSE, constants={"out": (None,), "mode": ("raise", "wrap", "clip")})
def choose(y, a, choices, out=None, mode="raise"):
    d[choices] = choose_grad(d[y], a, choices, mode)


@adjoint(np.nanmedian, nondiff={"out": "only None is covered", "overwrite_input": "only False is covered"},
         constants={"out": (None,), "overwrite_input": (False,)})
def nanmedian(y, a, axis=None, out=None, overwrite_input=False, keepdims=False):
    d[a] = nanmedian_grad(d[y], a, axis, keepdims)


@adjoint(np.histogram, nondiff=HISTOGRAM, constants={"density": (None, False)})
def histogram(y, a, bins=10, range=None, density=None, weights=None):
    d[weights] = histogram_weights_grad(d[y][0], a, bins, range, weights)
