"""Forward (tangent) rules of the functions of ``grads_signal_more.py``, in the same order, and of
their helpers (linear in the signal, resp. in the adjoint and each matrix: for hvp)."""
from .forward_registry import tangent
from .grads_signal_more import CONV2D, FFT_MODES, SAVGOL, SOS
from .runtime_signal_more import conv2d, conv2d_grad_in1, conv2d_grad_in2, savgol, savgol_grad, sos_filtered
from .runtime_special_more import signal_conv


@tangent("scipy.signal.fftconvolve", "scipy.signal.oaconvolve", nondiff=FFT_MODES)
def fftconvolve(y, in1, in2, mode="full", axes=None):
    t[y] = signal_conv(t[in1], in2, mode, False) + signal_conv(in1, t[in2], mode, False)


@tangent("scipy.signal.sosfilt", nondiff=SOS)
def sosfilt(y, sos, x, axis=-1, zi=None):
    t[y] = sos_filtered(sos, t[x], axis)


@tangent(sos_filtered, nondiff={"sos": SOS["sos"]})
def sos_filtered_(y, sos, x, axis=-1):
    t[y] = sos_filtered(sos, t[x], axis)


@tangent("scipy.signal.convolve2d", nondiff=CONV2D)
def convolve2d(y, in1, in2, mode="full", boundary="fill", fillvalue=0):
    t[y] = conv2d(t[in1], in2, mode, False) + conv2d(in1, t[in2], mode, False)


@tangent("scipy.signal.correlate2d", nondiff=CONV2D)
def correlate2d(y, in1, in2, mode="full", boundary="fill", fillvalue=0):
    t[y] = conv2d(t[in1], in2, mode, True) + conv2d(in1, t[in2], mode, True)


GRAD2D = {"mode": CONV2D["mode"], "flip": "correlate2d (a flag)"}


@tangent(conv2d_grad_in1, nondiff=dict(GRAD2D, a="read for its shape only"))
def conv2d_grad_in1_(r, g, a, v, mode="full", flip=False):       # linear in g and in v
    t[r] = conv2d_grad_in1(t[g], a, v, mode, flip) + conv2d_grad_in1(g, a, t[v], mode, flip)


@tangent(conv2d_grad_in2, nondiff=dict(GRAD2D, v="read for its shape only"))
def conv2d_grad_in2_(r, g, a, v, mode="full", flip=False):       # linear in g and in a
    t[r] = conv2d_grad_in2(t[g], a, v, mode, flip) + conv2d_grad_in2(g, t[a], v, mode, flip)


@tangent("scipy.signal.savgol_filter", nondiff=SAVGOL)
def savgol_filter(y, x, window_length, polyorder, deriv=0, delta=1.0, axis=-1, mode="interp", cval=0.0):
    t[y] = savgol(t[x], window_length, polyorder, deriv, delta, axis, mode)


SAVGOL_HELPER = {k: why for k, why in SAVGOL.items() if k != "cval"}


@tangent(savgol_grad, nondiff=SAVGOL_HELPER)          # linear in the adjoint
def savgol_grad_(r, g, window_length, polyorder, deriv=0, delta=1.0, axis=-1, mode="interp"):
    t[r] = savgol_grad(t[g], window_length, polyorder, deriv, delta, axis, mode)


@tangent(savgol, nondiff=SAVGOL_HELPER)                # linear in the signal
def savgol_(r, x, window_length, polyorder, deriv=0, delta=1.0, axis=-1, mode="interp"):
    t[r] = savgol(t[x], window_length, polyorder, deriv, delta, axis, mode)
