"""Reverse rules of scipy.signal's ``fftconvolve``/``oaconvolve`` of 1-d signals (the values of
``scipy.signal.convolve``: they share its helper, ``runtime_special_more.signal_conv_grad``, which
refuses other ranks at run time) and of ``sosfilt(sos, x)`` in ``x`` (stop 59's survey found each
refused).

Part of the rule table (``grads.py`` imports the parts in order). Each rule is a template, result
first; ``d[v]`` is the adjoint of ``v``; SciPy's functions are named, never imported
(``registry.defer``). Invariant: every parameter has a ``d[...]`` line or a declared reason:
``sosfilt``'s sections ``sos`` are refused when differentiated (only ``x`` is covered; ``lfilter``
has the coefficients' rule), its initial state ``zi`` (which makes it return a pair) must be None.
The forward rules beside these: ``tangents_signal_more.py``; the helper: ``runtime_signal_more.py``.
"""
import numpy as np

from .grads_special_more import MODE_CONSTANTS
from .registry import REFUSED, adjoint
from .runtime_signal_more import sos_filtered
from .runtime_special_more import signal_conv_grad

FFT_MODES = {"mode": "one of 'full', 'same', 'valid'", "axes": "only None is covered (1-d signals)"}
FFT_FORMS = dict(MODE_CONSTANTS, axes=(None,))
SOS = {"sos": REFUSED + "the filter's sections: only the signal x is differentiated (write the sections as "
              "scipy.signal.lfilter calls, whose coefficients are differentiated)",
       "zi": "only None is covered (a given state returns a pair)"}


@adjoint("scipy.signal.fftconvolve", nondiff=FFT_MODES, constants=FFT_FORMS)
def fftconvolve(y, in1, in2, mode="full", axes=None):
    d[in1] = signal_conv_grad(d[y], in1, in2, mode, True, False)
    d[in2] = signal_conv_grad(d[y], in1, in2, mode, False, False)


@adjoint("scipy.signal.oaconvolve", nondiff=FFT_MODES, constants=FFT_FORMS)
def oaconvolve(y, in1, in2, mode="full", axes=None):
    d[in1] = signal_conv_grad(d[y], in1, in2, mode, True, False)
    d[in2] = signal_conv_grad(d[y], in1, in2, mode, False, False)


@adjoint("scipy.signal.sosfilt", nondiff=SOS, constants={"zi": (None,)})
def sosfilt(y, sos, x, axis=-1, zi=None):
    d[x] = np.flip(sos_filtered(sos, np.flip(d[y], axis), axis), axis)
