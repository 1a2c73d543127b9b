"""Stage ``jit``: ``a ** -2`` (a negative integer constant exponent) becomes ``a ** -2.0``.

Python computes an int to a negative int power as a float (``6 ** -2`` is ``1 / 36``), and a float
to an int power through the float of the exponent; numba computes ``int ** int`` in integers, so
``6 ** -2`` was 0 there: ``x[0] * len(x) ** -2`` returned 0 and a gradient of 0 with ``jit=True``.
With the exponent a float the result is Python's for an int or float base (``6 ** -2.0 == 6 ** -2``)
and NumPy's for a float array (an int array to a negative int power raises in NumPy before any
adjoint runs).

An exponent that is not a constant (``2 ** -k``, ``pow(n, k)``) may be negative only when the code
runs, and a power of ints may leave int64: ``int_checks.guard`` makes it a call of ``int_pow``, whose
numba version raises for an int to a negative int or past int64 (the jit run then becomes a
JitError) and is ``a ** b`` otherwise; in Python it is ``a ** b``."""
import ast


def int_pow(a, b):
    """``a ** b``; numba's version (numba_helpers/numba_int_pow.py) refuses an int to a negative int
    and a power of ints past int64."""
    return a ** b


def rewrite(fdef):
    """Rewrite every ``a ** c`` with ``c`` a negative int constant in ``fdef``, in place."""
    _FloatExponent().visit(fdef)
    return fdef


def _negative_int(node):
    """The value of a negative int constant (``-2`` folded or written ``-(2)``), else None."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        inner = _positive_int(node.operand)
        return -inner if inner else None
    if isinstance(node, ast.Constant) and type(node.value) is int and node.value < 0:
        return node.value
    return None


def _positive_int(node):
    if isinstance(node, ast.Constant) and type(node.value) is int and node.value > 0:
        return node.value
    return None


class _FloatExponent(ast.NodeTransformer):
    def visit_BinOp(self, node):
        self.generic_visit(node)
        k = _negative_int(node.right) if isinstance(node.op, ast.Pow) else None
        if k is not None:
            node.right = ast.copy_location(ast.Constant(value=float(k)), node.right)
        return node
