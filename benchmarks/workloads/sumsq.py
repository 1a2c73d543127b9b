"""x² + y²: the smallest possible function, so the table shows pure overhead."""
from ..registry import Workload, register


def sumsq(x, y):
    return x ** 2 + y ** 2


def sumsq_hand(x, y):
    return 2.0 * x, 2.0 * y


# The same source is idiomatic in autograd, PyTorch and JAX: no variants.
register(Workload(name="x²+y²", primal=sumsq, hand=sumsq_hand,
                  make_inputs=lambda size: (2.0, 3.0), wrt=(0, 1)))
