"""Complex values meeting differentiated ones: refused, never differentiated with real rules.

Every derivative rule is written for real numbers. A complex number that enters the function
from a literal (``1j * w``), a call that makes one (``complex(a, b)``, ``np.fft.fft``,
``np.linalg.eig``, ``dtype=complex``) or a global / closure value would flow through those
rules unconjugated, and the imaginary part of the result would be cast away: a silently wrong
gradient. This analysis follows which names may hold a complex value (flow-insensitive, over
every assignment; ``np.abs``, ``.real`` and the like give real values) and refuses the first
statement where such a value and a differentiated one meet.
"""
import ast
import numbers

import numpy as np

from .. import astutil as A
from ..errors import unsupported
from .ir import resolve

_FFT = ("fft", "ifft", "fft2", "ifft2", "fftn", "ifftn", "rfft", "rfft2", "rfftn", "hfft", "ihfft")
MAKERS = {complex, np.complex64, np.complex128, np.linalg.eig, np.linalg.eigvals, np.roots,
          np.emath.sqrt, np.emath.log, np.emath.power, np.emath.arccos, np.emath.arcsin,
          np.emath.log10, np.emath.log2, np.emath.logn, np.emath.arctanh} | {
          getattr(np.fft, n) for n in _FFT}
REAL_OF = {abs, np.abs, np.absolute, np.real, np.imag, np.angle, np.iscomplexobj, np.isreal,
           np.iscomplex, np.isrealobj}
REAL_ATTRS = {"real", "imag", "shape", "ndim", "size", "dtype"}
# Declared without derivative because they are constant on real numbers (rules/grads.py), but not
# on complex ones: `np.imag(1j * w)` is `w`. Activity stops at them, so a complex value reaching
# one from a differentiated value is refused there (``_cut_meeting``).
ZERO_ONLY_ON_REALS = {np.imag, np.sign}


def is_complex_value(obj):
    if isinstance(obj, numbers.Complex) and not isinstance(obj, numbers.Real):
        return True
    if isinstance(obj, np.ndarray):
        return obj.dtype.kind == "c"
    if isinstance(obj, (list, tuple)) and len(obj) < 10000:
        return any(is_complex_value(x) for x in obj)
    return False


def _complex_dtype(node, ns):
    obj = resolve(ns, node)
    if obj is complex or obj in (np.complex64, np.complex128, np.complexfloating):
        return True
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and "complex" in node.value


def _seeds(expr, ns, local):
    """Does evaluating ``expr`` make a complex value from nothing complex it reads by name?"""
    return any(_seed_node(node, ns, local) for node in A.walk(expr))


def _seed_node(node, ns, local):
    """Is ``node`` itself (not its operands) a complex value or a call making one?"""
    if isinstance(node, ast.Constant) and isinstance(node.value, complex):
        return True
    if isinstance(node, ast.Call):
        if resolve(ns, node.func) in MAKERS:
            return True
        if isinstance(node.func, ast.Attribute) and node.func.attr == "astype" and node.args \
                and _complex_dtype(node.args[0], ns):
            return True
        if any(k.arg == "dtype" and _complex_dtype(k.value, ns) for k in node.keywords):
            return True
    return isinstance(node, ast.Name) and node.id not in local and node.id in ns.objects \
        and is_complex_value(ns.objects[node.id])


def _stays_complex(expr, tainted, ns, local):
    """May ``expr`` be complex (``np.abs``, ``.real`` and the like of a complex value are not)?"""
    if isinstance(expr, ast.Call) and resolve(ns, expr.func) in REAL_OF:
        return False
    if isinstance(expr, ast.Attribute) and expr.attr in REAL_ATTRS:
        return False
    if (isinstance(expr, ast.Name) and expr.id in tainted) or _seed_node(expr, ns, local):
        return True
    return any(_stays_complex(c, tainted, ns, local) for c in ast.iter_child_nodes(expr))


def _reads(expr, tainted, ns):
    """The complex-valued names ``expr`` reads in a way that keeps them complex."""
    if isinstance(expr, ast.Call) and resolve(ns, expr.func) in REAL_OF:
        return []
    if isinstance(expr, ast.Attribute) and expr.attr in REAL_ATTRS:
        return []
    if isinstance(expr, ast.Name):
        return [expr.id] if expr.id in tainted else []
    return [n for child in ast.iter_child_nodes(expr) for n in _reads(child, tainted, ns)]


def _value(op):
    stmt = op.stmt
    if isinstance(stmt, ast.Assign):
        return stmt.value
    return getattr(stmt, "value", None)


def _operands_made_real(value, ns, cut_only):
    """The operands ``value`` passes to np.imag/np.sign (``cut_only``), or to any call or
    attribute that makes a real value of a complex one (``np.abs``, ``.real``...)."""
    for node in A.walk(value):
        fn = resolve(ns, node.func) if isinstance(node, ast.Call) else None
        if fn in ZERO_ONLY_ON_REALS or not cut_only and fn in REAL_OF:
            yield from node.args
        elif not cut_only and isinstance(node, ast.Attribute) and node.attr in REAL_ATTRS:
            yield node.value


def _meeting(value, tainted, varied, ns, local, cut_only):
    """Does a complex operand that depends on the inputs reach np.imag/np.sign (or, with
    ``cut_only`` False, any function making it real) in ``value``? The names to quote, or None."""
    for arg in _operands_made_real(value, ns, cut_only):
        reads = {n.id for n in A.walk(arg) if isinstance(n, ast.Name)}
        if reads & varied and _stays_complex(arg, tainted, ns, local):
            return [n for n in _reads(arg, tainted, ns) if n in varied]
    return None


def check(ops, active, ns, outputs=(), varied=()):
    """Refuse the first statement where a (possibly) complex value meets a differentiated one.
    A statement computing a returned name is left to the check of the returned value (a
    complex result is refused there, as any result that is not a real number)."""
    local = {t for op in ops for t in op.targets}
    varied = set(varied)
    tainted = set()
    changed = True
    while changed:
        changed = False
        for op in ops:
            value = _value(op)
            if value is not None and _stays_complex(value, tainted, ns, local) \
                    and not set(op.targets) <= tainted:
                tainted.update(op.targets)
                changed = True
    for op in ops:
        value = _value(op)
        if value is None:
            continue
        cut = _meeting(value, tainted, varied, ns, local, cut_only=True)
        if cut is not None:
            _refuse(op, cut, ns, True)
        if not any(t in active for t in op.targets) or set(op.targets) <= set(outputs):
            continue
        met = _meeting(value, tainted, varied, ns, local, cut_only=False)
        if met is not None or _stays_complex(value, tainted, ns, local):
            _refuse(op, met or _reads(value, tainted, ns), ns, False)


def _refuse(op, names, ns, cut):
    issued = ns.namer.issued if ns.namer is not None else ()
    names = [n for n in names if n not in issued]      # a temporary of s2sad's is no name to quote
    what = f"`{names[0]}`, which may hold complex numbers," if names else "a complex number"
    if cut:
        why = (f"this line: it takes the imaginary part or the sign of {what.replace('a complex number', 'a complex value')}"
               " computed from the inputs being differentiated (s2sad's derivative rules are for real "
               "numbers, on which these are constant)")
    else:
        why = (f"this line: it combines {what} with a value that depends on the inputs "
               "being differentiated (s2sad's derivative rules are for real numbers)")
    raise unsupported(op.stmt._s2sad_src, op.stmt, why,
                      "Keep the real and imaginary parts as separate real arrays "
                      "(|a + ib|^2 = a**2 + b**2), or take np.abs / .real of the complex value "
                      "before it meets a differentiated one.")
