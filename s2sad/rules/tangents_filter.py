"""Forward rule of ``scipy.signal.lfilter`` (three filters: ``runtime_filter.py``) and of the
helpers its adjoint calls (for hvp): ``filtered`` is lfilter itself, ``lagged_products`` bilinear."""
from .forward_registry import tangent
from .runtime_filter import filtered, lagged_products

ZI = "only None is covered (a given state returns a pair)"


@tangent("scipy.signal.lfilter", nondiff={"zi": ZI})
def lfilter(y, b, a, x, axis=-1, zi=None):
    t[y] = filtered(b, a, t[x], axis) + filtered(t[b], a, x, axis) - filtered(t[a], a, y, axis)


@tangent(filtered)
def filtered_(y, b, a, x, axis=-1):
    t[y] = filtered(b, a, t[x], axis) + filtered(t[b], a, x, axis) - filtered(t[a], a, y, axis)


@tangent(lagged_products, nondiff={"count": "a number of lags (an integer)"})
def lagged_products_(r, v, s, count, axis=-1):
    t[r] = lagged_products(t[v], s, count, axis) + lagged_products(v, t[s], count, axis)
