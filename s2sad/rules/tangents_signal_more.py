"""Forward (tangent) rules of the functions of ``grads_signal_more.py``, in the same order, and of
``sos_filtered`` (linear in the signal: for hvp)."""
from .forward_registry import tangent
from .grads_signal_more import FFT_MODES, SOS
from .runtime_signal_more import sos_filtered
from .runtime_special_more import signal_conv


@tangent("scipy.signal.fftconvolve", nondiff=FFT_MODES)
def fftconvolve(y, in1, in2, mode="full", axes=None):
    t[y] = signal_conv(t[in1], in2, mode, False) + signal_conv(in1, t[in2], mode, False)


@tangent("scipy.signal.oaconvolve", nondiff=FFT_MODES)
def oaconvolve(y, in1, in2, mode="full", axes=None):
    t[y] = signal_conv(t[in1], in2, mode, False) + signal_conv(in1, t[in2], mode, False)


@tangent("scipy.signal.sosfilt", nondiff=SOS)
def sosfilt(y, sos, x, axis=-1, zi=None):
    t[y] = sos_filtered(sos, t[x], axis)


@tangent(sos_filtered, nondiff={"sos": SOS["sos"]})
def sos_filtered_(y, sos, x, axis=-1):
    t[y] = sos_filtered(sos, t[x], axis)
