"""The first call of a compiled descent: its loop without broadcasting fallbacks first.

``minimize``'s loops inline the adjoint (:mod:`s2sad.tools.descent`), fused loops and their
``else`` branches (NumPy broadcasting, for shapes that differ) included: numba compiles every
branch. As for the adjoint's Python calls (:mod:`s2sad.backends.first_try`), the descent module
also holds a copy of each loop whose fallbacks raise :class:`~s2sad.backends.first_try.BroadcastNeeded`
(``descent.try_loops``); :class:`TryLoop` runs that copy while it works, and on its first
exception, any, compiles the loop itself and runs the same call again from the start, for good.

Running again is the same computation: the loop reads ``x0`` only (its first statement copies it,
``descent.START``), its losses and optimiser state are its own, and the adjoint it inlines writes
no argument nor global and draws no random numbers (``first_try.retry_safe``, else the module has
no copy); the call's values are numbers and arrays (``first_try.retry_safe_values``: no reflected
list that an ``append`` of the first run would leave changed).
"""
from ..backends import first_try


class TryLoop:
    """Calls ``first`` (the compiled copy without fallbacks) until it raises; then, for good,
    ``full()`` (which compiles the loop itself and returns its dispatcher). ``active``: the
    dispatcher the last call ran (the one to remember for warm calls)."""

    def __init__(self, first, full):
        self.first, self.full, self.loop = first, full, None

    @property
    def active(self):
        return self.loop if self.loop is not None else self.first

    def __call__(self, *call):
        if self.loop is None:
            try:
                return self.first(*call)
            except Exception:  # noqa: BLE001  (BroadcastNeeded or an error: the loop itself says)
                self.loop = self.full()
        return self.loop(*call)


def try_name(module, name, call):
    """The name of the first-call copy of loop ``name`` if ``module`` has one and ``call`` may
    run twice (``first_try.retry_safe_values``), else None."""
    copy = first_try.PREFIX + name
    if hasattr(module.module, copy) and first_try.retry_safe_values(call):
        return copy
    return None
