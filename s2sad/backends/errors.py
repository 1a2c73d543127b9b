"""The error the numba backend raises: ``JitError`` (an ``S2sadError``)."""
from ..errors import S2sadError


class JitError(S2sadError):
    """numba could not compile a generated adjoint, or the compiled adjoint met a value
    it cannot handle (use ``jit=False``)."""
