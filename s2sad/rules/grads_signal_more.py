"""Reverse rules of scipy.signal's ``fftconvolve``/``oaconvolve`` of 1-d signals (the values of
``scipy.signal.convolve``: they share its helper, ``runtime_special_more.signal_conv_grad``, which
refuses other ranks at run time), of ``sosfilt(sos, x)`` in ``x`` and of ``convolve2d``/``correlate2d``
of two matrices with the 'fill' boundary of 0 and of ``savgol_filter`` in ``x`` (odd windows; modes 'interp',
'constant', 'wrap') (stop 59's survey found each refused).

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
from .runtime_signal_more import conv2d_grad_in1, conv2d_grad_in2, savgol_grad, sos_filtered
from .runtime_special_more import signal_conv_grad

FFT_MODES = {"mode": "one of 'full', 'same', 'valid'", "axes": "only None is covered (1-d signals)"}
FFT_FORMS = dict(MODE_CONSTANTS, axes=(None,))
SOS = {"sos": REFUSED + "the filter's sections: only the signal x is differentiated (write the sections as "
              "scipy.signal.lfilter calls, whose coefficients are differentiated)",
       "zi": "only None is covered (a given state returns a pair)"}
CONV2D = {"mode": "one of 'full', 'same', 'valid'", "boundary": "only 'fill' is covered (with fillvalue 0)",
          "fillvalue": "only 0 is covered (the value outside the matrix)"}
CONV2D_FORMS = dict(MODE_CONSTANTS, boundary=("fill",), fillvalue=(0, 0.0))
SAVGOL = {"window_length": "the window's length (an odd integer)", "polyorder": "the fitted polynomials' order (an integer)",
          "deriv": "the order of the derivative filtered (an integer)",
          "delta": REFUSED + "the samples' spacing: the result's derivative in it is not written (pass a constant)",
          "mode": "'interp', 'constant' or 'wrap' ('mirror' and 'nearest' are not covered)",
          "cval": REFUSED + "the value outside the signal in mode 'constant': its derivative is not written (pass a constant)"}


@adjoint("scipy.signal.fftconvolve", "scipy.signal.oaconvolve", nondiff=FFT_MODES, constants=FFT_FORMS)
def fftconvolve(y, in1, in2, mode="full", axes=None):
    d[in1] = signal_conv_grad(d[y], in1, in2, mode, True, False)
    d[in2] = signal_conv_grad(d[y], in1, in2, mode, False, False)


@adjoint("scipy.signal.sosfilt", nondiff=SOS, constants={"zi": (None,)})
def sosfilt(y, sos, x, axis=-1, zi=None):
    d[x] = np.flip(sos_filtered(sos, np.flip(d[y], axis), axis), axis)


@adjoint("scipy.signal.convolve2d", nondiff=CONV2D, constants=CONV2D_FORMS)
def convolve2d(y, in1, in2, mode="full", boundary="fill", fillvalue=0):
    d[in1] = conv2d_grad_in1(d[y], in1, in2, mode, False)
    d[in2] = conv2d_grad_in2(d[y], in1, in2, mode, False)


@adjoint("scipy.signal.correlate2d", nondiff=CONV2D, constants=CONV2D_FORMS)
def correlate2d(y, in1, in2, mode="full", boundary="fill", fillvalue=0):
    d[in1] = conv2d_grad_in1(d[y], in1, in2, mode, True)
    d[in2] = conv2d_grad_in2(d[y], in1, in2, mode, True)


@adjoint("scipy.signal.savgol_filter", nondiff=SAVGOL, constants={"mode": ("interp", "constant", "wrap")})
def savgol_filter(y, x, window_length, polyorder, deriv=0, delta=1.0, axis=-1, mode="interp", cval=0.0):
    d[x] = savgol_grad(d[y], window_length, polyorder, deriv, delta, axis, mode)
