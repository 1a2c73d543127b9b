"""``np.einsum`` for numba, which has none, and the numba version of its gradient helper
(``einsum_grad``; its tangents, forward and second order, are ``np.einsum`` and ``einsum_grad`` with
a tangent in an operand's place): explicit loops generated at compile time from the constant subscripts.

Covered: subscripts written as a constant string, with or without ``->`` (NumPy's implicit
output: the letters used once, in alphabetical order), repeated letters (diagonals, traces),
up to four operands, numbers among them. Refused at compile time (``TypingError`` -> a
``JitError`` naming the line): ``...`` (broadcast dimensions), subscripts in a variable, a
letter count that differs from an operand's rank. A dimension of size 1 broadcasts against
the same letter's other dimensions, as in NumPy; sizes that disagree otherwise raise
``ValueError`` at run time, as NumPy does. Invariant: the value is NumPy's sum of products, the gradient with
respect to operand ``k`` the same loops accumulating ``g`` times the other operands into ``k``'s
entries (a repeated letter lands on the diagonal), so both are exact for every covered form.
"""
import numpy as np
from numba import types
from numba.extending import overload

from ...rules import runtime as rt
from .numba_rules_base import gen, helper, is_array, is_none, literal, refuse

_WORKS = ("np.einsum is compiled for constant subscripts of letters (with or without '->'), without '...', "
          "on up to four operands")


def _rank(t):
    return t.ndim if is_array(t) else 0


def _plan(subscripts, ranks):
    """(input terms, output term) for the constant ``subscripts`` and the operands' ranks."""
    if not isinstance(subscripts, str) or "..." in subscripts:
        refuse(_WORKS)
    spec = subscripts.replace(" ", "")
    ins, arrow, out = spec.partition("->")
    ins = ins.split(",")
    if not arrow:
        once = [c for c in "".join(ins) if "".join(ins).count(c) == 1]
        out = "".join(sorted(once))
    if len(ins) != len(ranks) or any(len(s) != r for s, r in zip(ins, ranks)) \
            or not all(c.isalpha() for c in "".join(ins) + out) or len(set(out)) != len(out) \
            or not set(out) <= set("".join(ins)):
        refuse(_WORKS + f" (subscripts {subscripts!r} for operands of ranks {list(ranks)})")
    return ins, out


def _index(names, term, last=None):
    """``x[i, j]``; a letter that other operands share is read at ``min(i, size - 1)``, so a size-1
    dimension broadcasts against the others, as in NumPy."""
    if not term:
        return names
    return f"{names}[{', '.join(c if last is None or last[d] is None else f'min({c}, {last[d]})' for d, c in enumerate(term))}]"


def _loops(ins, letters, sizes, body, indent=1):
    """Source lines: nested loops over ``letters`` around ``body``."""
    lines = []
    for depth, c in enumerate(letters):
        lines.append(f"{'    ' * (indent + depth)}for {c} in range(n_{c}):")
    pad = "    " * (indent + len(letters))
    return lines + [pad + line for line in body]


def _sizes(ins, ops):
    """(source lines computing each letter's size ``n_c`` (the largest of its dimensions) and checking
    the others are 1 or that size, per operand the last index of each shared dimension or None)."""
    where = {}
    for term, op in zip(ins, ops):
        for d, c in enumerate(term):
            where.setdefault(c, []).append(f"{op}.shape[{d}]")
    lines, lasts = [], []
    for c, dims in where.items():
        lines.append(f"    n_{c} = {dims[0] if len(dims) == 1 else 'max(' + ', '.join(dims) + ')'}")
        if len(dims) > 1:
            test = " or ".join(f"({dim} != 1 and {dim} != n_{c})" for dim in dims)
            lines.append(f"    if {test}:\n        raise ValueError('einsum: operands could not be broadcast together')")
    for i, (term, op) in enumerate(zip(ins, ops)):
        last = []
        for d, c in enumerate(term):
            if len(where[c]) > 1:
                lines.append(f"    last_{i}_{d} = {op}.shape[{d}] - 1")
                last.append(f"last_{i}_{d}")
            else:
                last.append(None)
        lasts.append(last)
    return lines, lasts


def _product(ins, ops, lasts, skip=None):
    factors = [_index(op, term, last) for i, (term, op, last) in enumerate(zip(ins, ops, lasts)) if i != skip]
    return " * ".join(factors) if factors else "1.0"


def _einsum_source(ins, out, name, params, ops):
    letters = list(dict.fromkeys("".join(ins)))
    sizes, lasts = _sizes(ins, ops)
    shape = "(" + "".join(f"n_{c}, " for c in out) + ")"
    lines = [f"def {name}({params}):"] + sizes
    lines.append(f"    out = np.zeros({shape})" if out else "    out = 0.0")
    target = _index("out", out) if out else "out"
    lines += _loops(ins, letters, sizes, [f"{target} += {_product(ins, ops, lasts)}"])
    return "\n".join(lines + ["    return out", ""])


@overload(np.einsum)
def _ov_einsum(subscripts, *operands):
    if len(operands) > 4 or not all(is_array(o) or isinstance(o, types.Number) for o in operands):
        return None
    ins, out = _plan(literal(subscripts), [_rank(o) for o in operands])
    ops = [f"operands[{i}]" for i in range(len(operands))]
    return gen(_einsum_source(ins, out, "einsum", "subscripts, *operands", ops), "einsum")


def _given(operands):
    ops = [o for o in operands if not is_none(o)]
    if not all(is_array(o) or isinstance(o, types.Number) for o in ops):
        refuse(_WORKS)
    return ops


@helper(rt.einsum_grad)
def _ov_einsum_grad(g, subscripts, k, x0, x1=None, x2=None, x3=None):
    given = _given((x0, x1, x2, x3))
    ins, out = _plan(literal(subscripts), [_rank(o) for o in given])
    k = literal(k)
    if not isinstance(k, int) or not 0 <= k < len(given):
        refuse("the gradient of np.einsum with respect to an operand given by a constant position")
    ops = [f"x{i}" for i in range(len(given))]
    letters = list(dict.fromkeys("".join(ins)))
    sizes, lasts = _sizes(ins, ops)
    mine = ins[k]
    lines = ["def einsum_grad(g, subscripts, k, x0, x1=None, x2=None, x3=None):"] + sizes
    lines.append(f"    gk = np.zeros(x{k}.shape)" if mine else "    gk = 0.0")
    seed = _index("g", out) if out and is_array(g) else "g"
    target = _index("gk", mine, lasts[k]) if mine else "gk"
    lines += _loops(ins, letters, sizes, [f"{target} += {seed} * {_product(ins, ops, lasts, skip=k)}"])
    return gen("\n".join(lines + ["    return gk", ""]), "einsum_grad")
