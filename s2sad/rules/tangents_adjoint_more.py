"""Forward rules of more of the gradient helpers a generated adjoint calls (those of ``np.cumprod``,
``np.trapezoid``, ``np.interp``, ``np.average`` and ``np.polyval``), so that hvp (forward over
reverse) runs through them. Same template style as ``tangents_adjoint.py``: each helper is linear
in the incoming gradient ``g`` (the first term applies the helper to ``t[g]``); the terms after it
are its changes along the primal values it depends on smoothly (helpers of
``tangent_runtime_more.py``); a parameter read only for its shape, or on which the helper is
piecewise constant, says so. Also the check s2sad wraps each ``d[x] = ...`` of a user's rule in
(``custom.checked_rule_result``), so that hvp runs through users' rules too.
"""
from .custom import checked_rule_result
from .forward_registry import tangent
from .runtime_linalg import polyval_grad_p, polyval_slope
from .runtime_numeric import (
    cumprod_grad,
    interp_grad_bound,
    interp_grad_fp,
    interp_grad_x,
    interp_grad_xp,
    trapz_grad_dx,
    trapz_grad_x,
    trapz_grad_y,
)
from .runtime_stats import average_grad_a, average_grad_weights
from .tangent_runtime_more import (
    average_grad_a_dw,
    average_grad_weights_dw,
    cumprod_grad_dx,
    interp_grad_fp_tangent,
    interp_grad_x_tangent,
    interp_grad_xp_tangent,
    polyval_curvature,
    polyval_grad_p_dx,
    trapz_grad_y_ddx,
)

SEGMENT = "which segment of xp each point lies in: piecewise constant"


@tangent(cumprod_grad, nondiff={"y": "cumprod(x), which the rule differentiates through x"})
def cumprod_grad_(r, g, y, x, axis=None):
    t[r] = cumprod_grad(t[g], y, x, axis) + cumprod_grad_dx(g, x, t[x], axis)


# ---- np.trapezoid: the weights are linear in the sample points (or in dx); the other gradients
# are linear in y
@tangent(trapz_grad_y, nondiff={"y": "read for its shape only"})
def trapz_grad_y_(r, g, y, x=None, dx=1.0, axis=-1):
    t[r] = trapz_grad_y(t[g], y, x, dx, axis) + trapz_grad_y(g, y, t[x], dx, axis) + trapz_grad_y_ddx(g, y, x, t[dx], axis)


@tangent(trapz_grad_x, nondiff={"x": "read for its shape only"})
def trapz_grad_x_(r, g, y, x, axis=-1):
    t[r] = trapz_grad_x(t[g], y, x, axis) + trapz_grad_x(g, t[y], x, axis)


@tangent(trapz_grad_dx, nondiff={"x": "read only for whether it is given (then dx is unused)"})
def trapz_grad_dx_(r, g, y, x=None, axis=-1):
    t[r] = trapz_grad_dx(t[g], y, x, axis) + trapz_grad_dx(g, t[y], x, axis)


# ---- np.interp: linear in the values fp; the slope and the position in a segment move with xp
# (and the position with x); which segment a point lies in is piecewise constant
@tangent(interp_grad_x, nondiff={"x": SEGMENT})
def interp_grad_x_(r, g, x, xp, fp):
    t[r] = interp_grad_x(t[g], x, xp, fp) + interp_grad_x(g, x, xp, t[fp]) + interp_grad_x_tangent(g, x, xp, fp, t[xp])


@tangent(interp_grad_xp)
def interp_grad_xp_(r, g, x, xp, fp):
    t[r] = interp_grad_xp(t[g], x, xp, fp) + interp_grad_xp(g, x, xp, t[fp]) \
        + interp_grad_xp_tangent(g, x, xp, fp, t[x], t[xp])


@tangent(interp_grad_fp, nondiff={"fp": "read for its shape only",
                                  "left": "read only for whether it is given", "right": "read only for whether it is given"})
def interp_grad_fp_(r, g, x, xp, fp, left=None, right=None):
    t[r] = interp_grad_fp(t[g], x, xp, fp, left, right) + interp_grad_fp_tangent(g, x, xp, fp, t[x], t[xp])


@tangent(interp_grad_bound, nondiff={"x": "which points lie outside xp: piecewise constant",
                                     "xp": "which points lie outside xp: piecewise constant", "right": "which end (a flag)"})
def interp_grad_bound_(r, g, x, xp, right):
    t[r] = interp_grad_bound(t[g], x, xp, right)


# ---- np.average: g w / sum(w) and g (a - y) / sum(w)
@tangent(average_grad_a, nondiff={"a": "read for its shape only"})
def average_grad_a_(r, g, a, axis=None, weights=None, keepdims=False):
    t[r] = average_grad_a(t[g], a, axis, weights, keepdims) + average_grad_a_dw(g, a, axis, weights, t[weights], keepdims)


@tangent(average_grad_weights)   # linear in g, and jointly in (a, y); through 1/sum(w) in the weights
def average_grad_weights_(r, g, y, a, axis=None, weights=None, keepdims=False):
    t[r] = average_grad_weights(t[g], y, a, axis, weights, keepdims) \
        + average_grad_weights(g, t[y], t[a], axis, weights, keepdims) \
        + average_grad_weights_dw(g, y, a, axis, weights, t[weights], keepdims)


# ---- np.polyval: the gradient wrt p is the powers of x; the slope is linear in p
@tangent(polyval_grad_p, nondiff={"p": "read for its shape only"})
def polyval_grad_p_(r, g, p, x):
    t[r] = polyval_grad_p(t[g], p, x) + polyval_grad_p_dx(g, p, x, t[x])


@tangent(polyval_slope)
def polyval_slope_(r, p, x):
    t[r] = polyval_slope(t[p], x) + t[x] * polyval_curvature(p, x)


# ---- a user's reverse rule: each d[x] it gives is checked to have x's shape; the identity in value
@tangent(checked_rule_result, nondiff={"like": "read for its shape only", "label": "a message"})
def checked_rule_result_(r, value, like, label):
    t[r] = checked_rule_result(t[value], like, label)
