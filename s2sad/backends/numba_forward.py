"""Numba versions of what forward mode and second order add to the generated code.

``stop_gradient`` is the identity; registering it lets ``s2sad.stop_gradient(x)``
compile when the user's code reaches it as a module attribute (numba then looks
the function up in its typing registry). The tangent helpers of
``rules/tangent_runtime.py`` need nothing here: the compiled code calls them
through ``numba.njit`` like the user's own helpers (they are written with
``runtime`` helpers numba already knows).
"""
from numba.extending import overload

from ..higher import stop_gradient


@overload(stop_gradient)
def _ov_stop_gradient(x):
    return lambda x: x
