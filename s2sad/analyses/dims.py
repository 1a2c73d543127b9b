"""Shapes of known rank: ``("dims", (length, ...))``, one symbolic length per axis.

The arithmetic of NumPy's shape rules on such shapes (broadcasting, basic indexing,
joining, matrix products, reductions along an axis), with lengths from ``lengths.py``.
Each function returns a ``dims`` shape only when the rule determines every length from
its operands' (an axis it cannot pin down, such as the broadcast of two lengths that are
not provably equal and neither is 1, gives None: the caller falls back to naming the
result by how it was built). A shape that executed code reached is what is described: an
operation that raises on other shapes (joining pieces whose other axes differ) may take
any piece's length for those axes.
"""
from . import lengths as L

SCALAR = ()


def dims(lengths):
    lengths = tuple(lengths)
    return ("dims", lengths) if lengths else SCALAR


def is_dims(term):
    return term == SCALAR or isinstance(term, tuple) and len(term) == 2 and term[0] == "dims"


def axes(term):
    return () if term == SCALAR else term[1]


def lift(term, rank):
    """``term`` (a shape named by how it was built) as a ``dims`` shape when its rank is
    known: each axis's length a new atom."""
    if term is None or is_dims(term) or term[0] == "list" or not isinstance(rank, int) or isinstance(rank, bool) or rank < 0:
        return term
    return dims(L.atom(("len", key(term), k)) for k in range(rank))


def key(term):
    """A small name for ``term``, the same for equal terms (hash-consing). A term names the terms
    of its operands, so without this a chain of statements each reading the last one more than
    once (``h = h + f(h - h.mean())``, a transformer block) doubled the size of the term at every
    step and the analysis ran for hours (hashing and repr are recursive). With every composite
    term replaced by its key as it is built, the terms inside are keys already and a term stays
    as small as the expression it names; equality of terms, hence of lengths, is unchanged."""
    if term[0] == "term":
        return term
    return _KEYS.setdefault(term, ("term", len(_KEYS)))


_KEYS = {}


def broadcast(terms):
    """The shape of the broadcast of ``terms`` (all ``dims``), or None if not determined."""
    rank = max(len(axes(t)) for t in terms)
    out = []
    for k in range(rank):
        lens = []
        for t in terms:
            a = axes(t)
            j = k - (rank - len(a))
            if j >= 0 and a[j] not in lens:
                lens.append(a[j])
        lens = [n for n in lens if n != 1] or lens   # a length 1 stretches to the other
        if len(lens) != 1:
            return None
        out.append(lens[0])
    return dims(out)


def subscript(term, parts):
    """``x[parts]`` for ``x`` of shape ``term``; parts: ``("slice", lower, upper)`` (constant
    bounds, step 1), ``("reversed",)`` (``::-1``), ``("atom", key)`` (a slice whose length
    is named by ``key``), ``("int",)`` (one position), ``("new",)`` (``None``)."""
    a, out, k = list(axes(term)), [], 0
    for p in parts:
        if p[0] == "new":
            out.append(1)
            continue
        if k >= len(a):
            return None
        if p[0] == "slice":
            out.append(L.sliced(a[k], p[1], p[2]))
        elif p[0] == "reversed":
            out.append(a[k])
        elif p[0] == "atom":
            out.append(L.atom(("slice", a[k], p[1])))
        elif p[0] != "int":
            return None
        k += 1
    return dims(out + a[k:])


def concatenate(pieces, axis):
    """``np.concatenate(pieces, axis)``: the lengths along ``axis`` add up."""
    if not pieces or any(not is_dims(p) or len(axes(p)) != len(axes(pieces[0])) for p in pieces):
        return None
    rank = len(axes(pieces[0]))
    if not -rank <= axis < rank:
        return None
    axis %= rank
    out = list(axes(pieces[0]))
    out[axis] = L.add(*(axes(p)[axis] for p in pieces))
    return dims(out)


def matmul(a, b):
    """``a @ b`` (and ``np.dot``) for vectors and matrices."""
    x, y = axes(a), axes(b)
    if not 1 <= len(x) <= 2 or not 1 <= len(y) <= 2:
        return None
    return dims(x[:-1] + (y[1:] if len(y) == 2 else ()))


def reduce(term, axis, keepdims):
    """A reduction along one constant axis."""
    a = list(axes(term))
    if not -len(a) <= axis < len(a):
        return None
    axis %= len(a)
    if keepdims:
        a[axis] = 1
    else:
        del a[axis]
    return dims(a)


def transpose(term):
    return dims(reversed(axes(term)))
