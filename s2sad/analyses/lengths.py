"""Symbolic lengths of array axes, in a canonical form: equal forms are equal lengths.

``shapes.py`` describes an axis whose length it can name by a *length*: a nonnegative
integer, or a function of *atoms* (unknown lengths fixed for one call: ``len(x)`` of a
parameter, an integer parameter passed to ``np.zeros``) built by adding lengths and by
slicing with constant bounds. Slicing clips the way NumPy does (``x[:1]`` of an empty
``x`` has no element, ``x[1:]`` of it none either), so ``len(x[:1]) + len(x[1:])`` is
``len(x)`` for every ``len(x)`` while ``len(x[:k])`` is not ``k``.

Forms:

* ``int``: that many elements;
* ``("pw", atom, prefix, slope, icpt)``: a function of one atom ``n >= 0``, ``prefix[n]``
  for ``n < len(prefix)`` and ``slope * n + icpt`` beyond; kept with the shortest prefix,
  which makes the form unique for each function (so ``==`` decides equality);
* ``("lin", const, ((atom, coef), ...))``: a sum of several atoms (sorted), no clipping;
* anything that is neither (a clip of a sum of several atoms, a slice with a bound that is
  a variable) is a new atom, named by how it was built (``("slice", length, bounds)``):
  two lengths built the same way from the same atoms are equal, and no more is concluded.

Why the ``pw`` form is exact: slicing a length ``L`` with constant bounds ``a:b`` (step 1)
is affine in ``L`` once ``L >= |a| + |b|`` (both bounds then resolve without clipping, or
the slice is empty for good); a ``pw`` length is affine with a nonnegative slope from
``len(prefix)`` on, so the slice of it is affine from the first ``n`` where it reaches
``|a| + |b|``, and the values before are computed one by one (up to ``MAX_PREFIX``;
beyond, the result is a new atom). Every composed tail is checked on a few more points
before it is used.
"""
import math

MAX_PREFIX = 64
CHECK = 8


def atom(key):
    return ("pw", key, (), 1, 0)


def const(value):
    return int(value)


def is_const(length):
    return isinstance(length, int)


def _fn(length):
    """(atom, prefix, slope, icpt) of a constant or one-atom length, else None."""
    if isinstance(length, int):
        return None, (), 0, length
    if length[0] == "pw":
        return length[1:]
    return None


def _value(prefix, slope, icpt, n):
    return prefix[n] if n < len(prefix) else slope * n + icpt


def _canonical(key, prefix, slope, icpt):
    prefix = list(prefix)
    while prefix and prefix[-1] == slope * (len(prefix) - 1) + icpt:
        prefix.pop()
    if not prefix and slope == 0:
        return icpt
    return ("pw", key, tuple(prefix), slope, icpt)


def add(*lengths):
    """The length of the pieces joined end to end."""
    total, groups, others = 0, {}, []
    for length in lengths:
        if isinstance(length, int):
            total += length
        elif length[0] == "pw":
            groups.setdefault(length[1], []).append(length[2:])
        elif length[0] == "lin":
            total += length[1]
            for key, coef in length[2]:
                groups.setdefault(key, []).append(((), coef, 0))
        else:
            others.append(length)
    if others:
        return atom(("sum", tuple(sorted(map(repr, lengths)))))
    funcs = {k: _sum_fns(fs) for k, fs in groups.items()}
    if len(funcs) == 1:
        (key, (prefix, slope, icpt)), = funcs.items()
        return _canonical(key, prefix, slope, icpt + total)
    if all(not f[0] for f in funcs.values()):
        total += sum(f[2] for f in funcs.values())
        coefs = tuple(sorted(((k, f[1]) for k, f in funcs.items() if f[1]), key=repr))
        if not coefs:
            return total
        return _canonical(coefs[0][0], (), coefs[0][1], total) if len(coefs) == 1 else ("lin", total, coefs)
    return atom(("sum", tuple(sorted(map(repr, lengths)))))


def _sum_fns(fns):
    size = max(len(f[0]) for f in fns)
    prefix = tuple(sum(_value(*f, n) for f in fns) for n in range(size))
    return prefix, sum(f[1] for f in fns), sum(f[2] for f in fns)


def sliced(length, lower, upper):
    """The length of ``x[lower:upper]`` (constant bounds or None, step 1) for an axis of
    ``length`` elements."""
    def clip(n):
        return len(range(n)[lower:upper])
    if isinstance(length, int):
        return clip(length)
    fn = _fn(length)
    if fn is None:
        return atom(("slice", length, lower, upper))
    key, prefix, slope, icpt = fn
    reach = abs(lower or 0) + abs(upper or 0)
    start = len(prefix) if slope == 0 else max(len(prefix), math.ceil((reach - icpt) / slope), 0)
    if start > MAX_PREFIX:
        return atom(("slice", length, lower, upper))
    values = [clip(_value(prefix, slope, icpt, n)) for n in range(start + 2 + CHECK)]
    new_slope = values[start + 1] - values[start]
    new_icpt = values[start] - new_slope * start
    if any(values[n] != new_slope * n + new_icpt for n in range(start, len(values))) or new_slope < 0:
        return atom(("slice", length, lower, upper))   # cannot happen; never guess
    return _canonical(key, values[:start], new_slope, new_icpt)


def evaluate(length, env):
    """The number of elements for the atoms' values in ``env`` (used by tests)."""
    if isinstance(length, int):
        return length
    if length[0] == "pw":
        return _value(*length[2:], env[length[1]])
    if length[0] == "lin":
        return length[1] + sum(c * env[k] for k, c in length[2])
    raise KeyError(length)
