"""The run-time helpers of rules whose primal numba cannot compile (``scipy.special``'s
``gammainc``, ``np.pad``'s statistic modes, the stop-54 selections (``np.resize``, ``np.choose``,
``np.nanmedian``, ``np.histogram``'s weights), ``scipy.linalg.expm``, ``scipy.signal``'s ``lfilter``
(the Bessel functions, ``np.i0`` and 1-d convolutions: ``numba_rules_bessel``, ``numba_rules_signal``):
numba has no version of them, so an
adjoint calling them is refused when numba types the call, at the user's line).

Invariant: each helper here has an overload that raises ``TypingError`` naming the call numba
lacks (``jit=True`` reports it as a located ``JitError``), so every helper of
:mod:`s2sad.rules.runtime` has a numba version or a refusal, never an untyped global.
"""
from ...rules import runtime as rt
from .numba_rules_base import helper, refuse

PAD_STAT_MODES = "np.pad(mode='mean', 'maximum', 'minimum', 'median' or 'linear_ramp')"

# helper -> the call whose numba version is missing (the reason the helper is refused)
NO_NUMBA = {
    "gamma_density": "scipy.special.gammainc", "gamma_density_slope": "scipy.special.gammainc",
    "expm_frechet": "scipy.linalg.expm", "expm_frechet2": "scipy.linalg.expm",
    "filtered": "scipy.signal.lfilter", "lagged_products": "scipy.signal.lfilter",
    "pad_stat": PAD_STAT_MODES, "pad_stat_grad": PAD_STAT_MODES,
    "pad_stat_tangent": PAD_STAT_MODES,
    "resize_grad": "np.resize's gradient", "choose_grad": "np.choose", "nanmedian_grad": "np.nanmedian's gradient",
    "histogram_weights_grad": "np.histogram(weights=)", "histogram_weights_tangent": "np.histogram(weights=)",
    # numba cannot make a tuple of a list: a tuple's length is part of its type
    "tuple_grad": "tuple(list)", "tuple_tangent": "tuple(list)",
    # the order an argument's memory layout gives: the compiled call makes arguments C-contiguous
    "layout_index": "np.ravel(x, order='K' or 'A') or np.reshape(x, shape, order='A')",
    "lu_solve_of": "scipy.linalg.lu_solve", "lu_solve_grad_lu": "scipy.linalg.lu_solve",
    "lu_solve_tangent_lu": "scipy.linalg.lu_solve", "lu_factor_grad": "scipy.linalg.lu_factor",
    "lu_factor_tangent": "scipy.linalg.lu_factor",
    "polygamma_next": "scipy.special.polygamma", "expn_slope": "scipy.special.expn", "exp1_slope": "scipy.special.exp1",
    "multigammaln_slope": "scipy.special.multigammaln", "boxcox_slope_x": "scipy.special.boxcox",
    "boxcox_slope_lmbda": "scipy.special.boxcox", "student_density": "scipy.special.stdtr",
    "beta_density": "scipy.special.betainc", "expn_bend": "scipy.special.expn", "multigammaln_bend": "scipy.special.multigammaln",
    "boxcox_bend_x": "scipy.special.boxcox", "boxcox_bend_mixed": "scipy.special.boxcox",
    "boxcox_bend_lmbda": "scipy.special.boxcox", "student_density_slope": "scipy.special.stdtr",
    "beta_density_slope": "scipy.special.betainc",
    "ellipk_slope": "scipy.special.ellipk", "ellipe_slope": "scipy.special.ellipe", "zeta_slope_q": "scipy.special.zeta",
    "binom_slope_n": "scipy.special.binom", "binom_slope_k": "scipy.special.binom",
    "toeplitz_grad": "scipy.linalg.toeplitz", "toeplitz_part": "scipy.linalg.toeplitz",
    "block_diag_grad": "scipy.linalg.block_diag", "block_diag_part": "scipy.linalg.block_diag",
    "sos_filtered": "scipy.signal.sosfilt",
    "savgol_grad": "scipy.signal.savgol_filter", "savgol": "scipy.signal.savgol_filter",
    "conv2d_grad_in1": "scipy.signal.convolve2d", "conv2d_grad_in2": "scipy.signal.convolve2d", "conv2d": "scipy.signal.convolve2d",
    "sqrtm_grad": "scipy.linalg.sqrtm", "sqrtm_tangent": "scipy.linalg.sqrtm",
    "tensorsolve_grad_a": "np.linalg.tensorsolve", "tensorsolve_grad_b": "np.linalg.tensorsolve",
    "tensorsolve_tangent": "np.linalg.tensorsolve",
    "nanquantile_grad": "np.nanquantile's gradient", "nanquantile_grad_q": "np.nanquantile's gradient",
    "nanquantile_tangent_a": "np.nanquantile's tangent", "nanquantile_tangent_q": "np.nanquantile's tangent",
}


def _refused(name, call):
    @helper(getattr(rt, name))
    def _ov(*args):
        refuse(f"`{call}` has no numba version (its derivative helper `{name}` neither)")
    return _ov


for _name, _call in NO_NUMBA.items():
    _refused(_name, _call)
