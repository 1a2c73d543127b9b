"""Workload registry: one small record per benchmark row.

A gradient workload gives the user's function (``primal``: plain Python/NumPy,
what s2sad differentiates), the hand-written adjoint ``hand`` (written once,
run as plain NumPy for ``numpy-hand`` and through ``numba.njit`` for
``numba-hand``) and each comparator's idiomatic primal in ``variants``.  A
descent workload reuses a gradient workload and adds the optimiser settings.
"""
from collections.abc import Callable
from dataclasses import dataclass, field

SYSTEMS = ("s2sad", "s2sad-jit", "numpy-hand", "numba-hand", "autograd", "torch", "jax")
UNSUPPORTED = "unsupported"   # a variants value: the system cannot express it


@dataclass
class Workload:
    name: str
    primal: Callable                  # the user's function, differentiated by s2sad
    hand: Callable                    # hand adjoint: (*args) -> tuple of gradients
    make_inputs: Callable             # size -> tuple of positional arguments
    wrt: tuple = (0,)
    sizes: dict = field(default_factory=lambda: {"quick": [None], "full": [None]})
    variants: dict = field(default_factory=dict)   # system -> primal or UNSUPPORTED
    notes: dict = field(default_factory=dict)      # system -> why unsupported
    rtol: float = 1e-7
    kind: str = "grad"
    hand_numba: Callable | None = None  # loop form for numba, when array
    #                                        temporaries would dominate `hand`

    def size_label(self, size):
        return self.name if size is None else f"{self.name} [{size_label(size)}]"


@dataclass
class Descent:
    """Gradient descent on ``base``'s function, ``steps`` steps of ``rule``."""
    name: str
    base: Workload
    rule: str                          # 'sgd' or 'adam'
    lr: float
    steps: int
    hand_descent: Callable             # (*args, lr, steps) -> tuple of final params
    packed: Callable | None = None  # f(p, *data) on a packed vector, for s2sad.minimize
    via_minimize: bool = False         # row that times s2sad.minimize only
    expect: tuple | None = None     # known optimum, checked in --quick
    start: Callable | None = None   # size -> arguments (default: base's inputs)
    rtol: float = 1e-6
    kind: str = "descent"

    @property
    def wrt(self):
        return self.base.wrt

    @property
    def sizes(self):
        return {"quick": [None], "full": [None]}

    def make_inputs(self, size):
        return (self.start or self.base.make_inputs)(size)

    def size_label(self, size):
        return f"{self.name} [{self.steps} steps]"


def size_label(size):
    if isinstance(size, dict):
        return ",".join(f"{k}={v}" for k, v in size.items())
    if isinstance(size, tuple):
        return "×".join(str(s) for s in size)
    return f"n={size}"


_REGISTRY = {}


def register(*items):
    for item in items:
        _REGISTRY[item.name] = item
    return items[0] if len(items) == 1 else items


def all_workloads():
    from . import workloads  # noqa: F401  (imports register every workload)
    return list(_REGISTRY.values())
