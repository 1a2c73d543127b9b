"""Gradient checking for s2sad (in the spirit of ``autograd``'s ``check_grads``).

    >>> from s2sad.testing import check_grad
    >>> def f(x, y):
    ...     return x * np.sin(y)
    >>> check_grad(f, 1.5, 0.3, wrt=(0, 1))     # raises AssertionError on mismatch

``check_grad`` compares ``s2sad.grad`` against central finite differences of
``f``, checks that the gradient has the shape of its argument and that the
gradient call did not modify the caller's arrays.  ``check_vjp`` does the same
for non-scalar outputs using ``sum(dout * f(*args))``.  ``check_against_autograd``
compares with ``autograd`` as an independent AD implementation.

``check_jvp`` compares ``s2sad.jvp`` with central differences of ``f`` along the
tangent, ``check_hvp`` compares ``s2sad.hvp`` with central differences of the
gradient along ``v``; both also compare with autograd when asked
(``reference="autograd"``).

``grad_fn=`` (resp. ``vjp_fn=``, ``jvp_fn=``, ``hvp_fn=``) replaces ``s2sad.grad`` (``s2sad.vjp``); it is a
callable ``grad_fn(f, wrt=..., jit=...)`` returning the gradient function.  It
exists so the checker itself can be tested with a deliberately wrong gradient.
"""

import copy

import numpy as np

from .record_args import field_names, is_dataclass_value, made

__all__ = ["check_grad", "check_vjp", "check_against_autograd", "numeric_grad", "check_jvp", "check_hvp", "check_modes"]


def _positions(f, wrt, args=None, what="check_grad"):
    """Normalise ``wrt`` (int, str or a tuple of them) to a tuple of positions in the call
    ``f(*args)``; refuse bad ``wrt`` and arguments that do not fit ``f`` (ArgumentError)."""
    from . import arguments, targets
    target = targets.resolve(f, what)
    names, _ = arguments.normalize_wrt(target, wrt, what)
    if args is not None:
        try:
            target.signature.bind(*args)
        except TypeError as exc:
            raise arguments.ArgumentError(f"{what}: {target.name}(*args) cannot be called with the "
                                          f"{len(args)} argument(s) given: {exc}.") from None
    params = list(target.signature.parameters.values())
    star = [i for i, q in enumerate(params) if q.kind not in (q.POSITIONAL_ONLY, q.POSITIONAL_OR_KEYWORD)]
    out = tuple(target.visible.index(n) for n in names)
    if star and max(out) >= star[0]:
        raise arguments.ArgumentError(
            f"{what}: wrt={wrt!r} selects `{target.visible[max(out)]}` of `{target.name}`, which a positional "
            f"call `f(*args)` does not fill one argument to one parameter (it is, or comes after, "
            f"`{params[star[0]]}`). Check a parameter before it, or check s2sad.grad(f, wrt=...) on "
            "a function taking that value as a named parameter.")
    return out


def _check_options(what, rtol=0.0, atol=0.0, eps=1.0, jit=False, reference=None):
    """The tolerances, step and flags of a check, or an ArgumentError."""
    from numbers import Real

    from .errors import ArgumentError
    for name, value, positive in (("rtol", rtol, False), ("atol", atol, False), ("eps", eps, True)):
        if isinstance(value, bool) or not isinstance(value, Real) or not np.isfinite(value) \
                or value < 0 or (positive and value == 0):
            raise ArgumentError(f"{what}: {name}={value!r} must be a finite real number "
                                f"{'> 0' if positive else '>= 0'}.")
    if not isinstance(jit, (bool, np.bool_)):
        raise ArgumentError(f"{what}: jit={jit!r} must be True or False.")
    if reference is not None and reference != "autograd" and not callable(reference):
        raise ArgumentError(f"{what}: reference={reference!r} must be None, \"autograd\" or an "
                            "autograd-compatible version of the function.")


def _copy_args(args):
    """Fresh copies of the array arguments; float arrays as float64, integer and boolean
    arrays (indices, masks) keep their dtype."""
    def copy(a):
        if isinstance(a, dict):
            return {k: copy(v) for k, v in a.items()}
        if isinstance(a, (tuple, list)) or is_dataclass_value(a):   # a list the function writes into is the caller's too
            return _remade(a, [copy(v) for v in _items(a)])
        return np.array(a, dtype=np.float64 if a.dtype.kind in "fc" else a.dtype) if isinstance(a, np.ndarray) else a
    return [copy(a) for a in args]


def _remade(seq, items):
    """``items`` in the caller's kind of sequence: a namedtuple's or dataclass's class takes them as
    its fields."""
    return made(type(seq), items) if field_names(type(seq)) else type(seq)(items)


def _items(x):
    """A sequence's items, or a dataclass's fields, in order."""
    return [getattr(x, name) for name in field_names(type(x))] if is_dataclass_value(x) else list(x)


def _assert_unchanged(args, saved):
    for i, (a, s) in enumerate(zip(args, saved)):
        if isinstance(a, list) and (len(a) != len(s) or any(type(x) is not type(y) for x, y in zip(a, s))):
            raise AssertionError(f"gradient call modified the list argument {i}:\nbefore: {s!r}\nafter:  {a!r}")
        if isinstance(a, list):
            _assert_unchanged(a, s)
        elif isinstance(a, (dict, tuple)) or is_dataclass_value(a):   # its arrays (saved: deep copies)
            for (path, leaf), (_, kept) in zip(_leaves(a), _leaves(s)):
                _assert_unchanged([leaf], [kept])
        elif isinstance(a, np.ndarray) and not np.array_equal(a, s, equal_nan=True):
            raise AssertionError(f"gradient call modified argument {i} in place:\n"
                                 f"before: {s!r}\nafter:  {a!r}")


def _as_tuple(result, wrt, n):
    if isinstance(wrt, (tuple, list)):
        if not isinstance(result, tuple) or len(result) != n:
            raise AssertionError(f"wrt={wrt!r}: expected a tuple of {n} gradients, got {result!r}")
        return result
    return (result,)


def _leaves(x, path=()):
    """(path, leaf) of a dict or tuple argument (nested), or ((), x) for a number or array."""
    if isinstance(x, dict):
        return [lp for k in x for lp in _leaves(x[k], path + (k,))]
    if isinstance(x, tuple) or type(x) is list or is_dataclass_value(x):   # a namedtuple's, a list's items too
        return [lp for i, v in enumerate(_items(x)) for lp in _leaves(v, path + (i,))]
    return [(path, x)]


def _leaf_of(g, path, label):
    for k in path:
        try:
            g = _items(g)[k] if is_dataclass_value(g) else g[k]
        except (KeyError, IndexError, TypeError):
            raise AssertionError(f"{label}: the gradient has no entry {k!r}: {g!r}") from None
    return g


def _varying(f, args, p, path):
    """``f`` as a function of the leaf at ``path`` of argument ``p``, the rest fixed."""
    def replaced(x, path, value):
        if not path:
            return value
        k, rest = path[0], path[1:]
        if isinstance(x, dict):
            return {**x, k: replaced(x[k], rest, value)}
        return _remade(x, [replaced(v, rest, value) if i == k else v for i, v in enumerate(_items(x))])

    def fun(value):
        a = _copy_args(args)   # f may write into its arguments: each evaluation gets fresh copies
        a[p] = replaced(a[p], path, value)
        return f(*a)
    return fun


def _check_shape(g, arg, label):
    if isinstance(arg, np.ndarray):
        if not isinstance(g, np.ndarray) or g.shape != arg.shape:
            raise AssertionError(f"{label}: gradient should be an ndarray of shape {arg.shape}, "
                                 f"got {type(g).__name__} {np.shape(g)}: {g!r}")
    elif not isinstance(g, (float, np.floating)):
        raise AssertionError(f"{label}: gradient of a scalar argument should be a float, "
                             f"got {type(g).__name__}: {g!r}")


def numeric_grad(fun, args, pos, eps=1e-6):
    """Central finite differences of scalar ``fun(*args)`` w.r.t. ``args[pos]``.

    The step for element ``x`` is ``eps * max(1, |x|)``; everything is float64.
    """
    def at(value):
        a = _copy_args(args)
        a[pos] = value
        return float(fun(*a))

    _check_options("numeric_grad", eps=eps)
    x = args[pos]
    if not isinstance(x, np.ndarray):
        x = float(x)
        h = eps * max(1.0, abs(x))
        return (at(x + h) - at(x - h)) / (2 * h)
    x = np.asarray(x, dtype=np.float64)
    out = np.zeros(x.shape)
    for idx in np.ndindex(*x.shape):
        h = eps * max(1.0, abs(x[idx]))
        xp, xm = x.copy(), x.copy()
        xp[idx] += h
        xm[idx] -= h
        out[idx] = (at(xp) - at(xm)) / (2 * h)
    return out


def _compare(analytic, numeric, label, rtol, atol, what="numeric"):
    a = np.asarray(analytic, dtype=np.float64)
    n = np.asarray(numeric, dtype=np.float64)
    if a.shape != n.shape:
        raise AssertionError(f"{label}: shape {a.shape} vs {what} {n.shape}")
    # nan where the reference is nan (a nan input), or the same infinity, agrees
    bad = ~((np.abs(a - n) <= atol + rtol * np.abs(n)) | (a == n) | (np.isnan(a) & np.isnan(n)))
    if not bad.any():
        return
    abs_err = np.abs(a - n)
    rel_err = abs_err / np.maximum(np.abs(n), 1e-300)
    lines = [f"{label}: analytic gradient does not match {what} gradient "
             f"({int(bad.sum())} of {a.size} elements; max abs err {abs_err.max():.3g}, "
             f"max rel err {rel_err[bad].max():.3g}; rtol={rtol}, atol={atol})"]
    if np.isnan(n[bad]).all():
        lines.append(f"  the {what} gradient is nan there: the function is nan near these arguments "
                     "(a nan input?), so differences cannot check the gradient; check at finite values")
    for idx in list(zip(*np.nonzero(bad)))[:10] if a.ndim else [()]:
        where = f"element {tuple(int(i) for i in idx)}" if a.ndim else "value"
        lines.append(f"  {where}: analytic {float(a[idx])!r}  {what} {float(n[idx])!r}")
    if a.ndim and a.size <= 50:
        lines.append(f"  analytic:\n{a}\n  {what}:\n{n}")
    raise AssertionError("\n".join(lines))


def _maker(custom, name):
    if custom is not None:
        return custom
    from . import api, higher  # lazy: the core imports nothing from here
    return getattr(api, name, None) or getattr(higher, name)


def _run(maker, f, args, wrt, jit, extra=()):
    saved, directions = _copy_args(args), _copy_args(extra)
    g = maker(f, wrt=wrt, jit=jit)
    result = g(*args, *extra)
    _assert_unchanged(args, saved)
    _assert_unchanged(extra, directions)     # the caller's tangents / vectors too
    return result


def check_grad(f, *args, wrt=0, rtol=1e-5, atol=1e-6, eps=1e-6, jit=False,
               reference=None, grad_fn=None, **unknown):
    """Check ``s2sad.grad(f, wrt=wrt, jit=jit)(*args)`` against finite differences.

    ``reference="autograd"`` additionally compares with autograd's gradient of
    ``f``; ``reference=<callable>`` uses that callable (an ``autograd.numpy``
    version of ``f``) instead.  Returns the gradient (as ``grad`` returns it).
    """
    if unknown:
        from .arguments import refuse_options
        refuse_options("testing.check_grad", unknown,
                                 ("wrt", "rtol", "atol", "eps", "jit", "reference", "grad_fn"))
    _check_options("check_grad", rtol, atol, eps, jit, reference)
    pos = _positions(f, wrt, args, "check_grad")
    result = _run(_maker(grad_fn, "grad"), f, args, wrt, jit)
    for p, g in zip(pos, _as_tuple(result, wrt, len(pos))):
        for path, leaf in _leaves(args[p]):   # a dict or tuple argument: leaf by leaf
            label = f"{getattr(f, '__name__', f)}: d/d(arg {p}{''.join(f'[{k!r}]' for k in path)})"
            gl = _leaf_of(g, path, label)
            _check_shape(gl, leaf, label)
            _compare(gl, numeric_grad(_varying(f, args, p, path), [leaf], 0, eps), label, rtol, atol)
    if reference is not None:
        ref_f = f if reference == "autograd" else reference
        check_against_autograd(ref_f, *args, wrt=wrt, rtol=rtol, atol=atol,
                               analytic=result)
    return result


def check_vjp(f, *args, dout, wrt=0, rtol=1e-5, atol=1e-6, eps=1e-6, jit=False,
              vjp_fn=None):
    """Check ``s2sad.vjp(f, wrt=wrt, jit=jit)(*args, dout)`` against finite
    differences of ``sum(dout * f(*args))`` (for a tuple output, ``dout`` is a tuple and the
    sum runs over the outputs).  Returns the vjp result."""
    _check_options("check_vjp", rtol, atol, eps, jit)
    pos = _positions(f, wrt, args, "check_vjp")
    if dout is None:
        from .errors import ArgumentError
        raise ArgumentError("check_vjp: dout (the head gradient, shaped like f's output) is None.")
    douts = list(dout) if isinstance(dout, tuple) else [dout]   # a tuple for a tuple output
    dout_saved = [np.array(d, dtype=np.float64) for d in douts]
    result = _run(_maker(vjp_fn, "vjp"), f, args, wrt, jit, extra=(dout,))
    _assert_unchanged([np.asarray(d) for d in douts], dout_saved)

    def head(*a):
        out = f(*a)
        outs = list(out) if isinstance(dout, tuple) else [out]
        return sum(np.sum(d * np.asarray(o, dtype=np.float64)) for d, o in zip(dout_saved, outs))

    for p, g in zip(pos, _as_tuple(result, wrt, len(pos))):
        for path, leaf in _leaves(args[p]):   # a record, dict or tuple argument: leaf by leaf
            label = f"{getattr(f, '__name__', f)}: vjp d/d(arg {p}{''.join(f'[{k!r}]' for k in path)})"
            gl = _leaf_of(g, path, label)
            _check_shape(gl, leaf, label)
            _compare(gl, numeric_grad(_varying(head, args, p, path), [leaf], 0, eps), label, rtol, atol)
    return result


def check_against_autograd(f, *args, wrt=0, rtol=1e-7, atol=1e-9, jit=False,
                           analytic=None, grad_fn=None):
    """Compare s2sad's gradient with autograd's (``f`` must be autograd-compatible).

    ``analytic`` may pass an already computed s2sad result (as ``grad`` returns
    it) to compare against; otherwise ``s2sad.grad`` is called on ``f``.
    """
    import autograd

    _check_options("check_against_autograd", rtol, atol, jit=jit)
    pos = _positions(f, wrt, args, "check_against_autograd")
    if analytic is None:
        analytic = _run(_maker(grad_fn, "grad"), f, args, wrt, jit)
    floats = _copy_args(args)
    for p in pos:                   # autograd only differentiates float inputs
        if not isinstance(floats[p], np.ndarray):
            floats[p] = float(floats[p])
    for p, g in zip(pos, _as_tuple(analytic, wrt, len(pos))):
        ref = autograd.grad(f, p)(*floats)
        _compare(g, ref, f"{getattr(f, '__name__', f)}: d/d(arg {p})", rtol, atol,
                 what="autograd")
    return analytic


def _moved(x, v, s):
    """``x + s * v`` leaf by leaf: a namedtuple, dataclass, tuple, list or dict argument keeps its
    kind, its tangent ``v`` of the same kind (or a tuple of one per field)."""
    if isinstance(x, dict):
        return {k: _moved(x[k], v[k], s) for k in x}
    if isinstance(x, (tuple, list)) or is_dataclass_value(x):
        return _remade(x, [_moved(a, b, s) for a, b in zip(_items(x), _items(v))])
    # np.asarray again: a 0-d array argument stays one (the sum of 0-d arrays is a NumPy number)
    return np.asarray(np.asarray(x, dtype=np.float64) + s * np.asarray(v, dtype=np.float64)) \
        if isinstance(x, np.ndarray) else float(x) + s * float(v)


def _along(fun, args, pos, vs, eps):
    """Central difference of ``fun`` (array or tuple valued) along directions ``vs``
    of the arguments at positions ``pos``; the step is ``eps * max(1, |x|)``."""
    scale = max([1.0] + [float(np.max(np.abs(leaf))) if np.size(leaf) else 1.0
                         for p in pos for _, leaf in _leaves(args[p])])
    h = eps * scale

    def at(s):
        a = _copy_args(args)
        for p, v in zip(pos, vs):
            a[p] = _moved(args[p], v, s)
        out = fun(*a)
        return tuple(np.asarray(o, dtype=np.float64) for o in out) if isinstance(out, tuple) \
            else np.asarray(out, dtype=np.float64)

    plus, minus = at(h), at(-h)
    if isinstance(plus, tuple):
        return tuple((p - m) / (2 * h) for p, m in zip(plus, minus))
    return (plus - minus) / (2 * h)


def check_jvp(f, *args, tangent, wrt=0, rtol=1e-5, atol=1e-6, eps=1e-6, jit=False,
              reference=None, jvp_fn=None):
    """Check ``s2sad.jvp(f, wrt=wrt, jit=jit)(*args, tangent)`` against central finite
    differences of ``f`` along ``tangent`` (a tuple for several ``wrt``), and its value
    against ``f(*args)``. ``reference="autograd"`` also compares with autograd's forward
    mode (``autograd.make_jvp``). Returns ``(value, tangent_out)``."""
    pos = _positions(f, wrt)
    vs = tuple(tangent) if isinstance(wrt, (tuple, list)) else (tangent,)
    saved_t = [copy.deepcopy(v) for v in vs]     # as given: a list stays a list (compared as one)
    value, tout = _run(_maker(jvp_fn, "jvp"), f, args, wrt, jit, extra=(tangent,))
    _assert_unchanged(list(vs), saved_t)
    name = getattr(f, "__name__", f)
    expected = f(*_copy_args(args))
    _compare_tree(value, expected, f"{name}: value", 1e-12, 1e-12, "f(*args)")
    _compare_tree(tout, _along(f, args, pos, vs, eps), f"{name}: jvp along the tangent", rtol, atol)
    if reference is not None:
        import autograd
        ref_f = f if reference == "autograd" else reference
        floats = _copy_args(args)
        if len(pos) != 1:
            raise ValueError("reference='autograd' compares one wrt argument at a time")
        p = pos[0]
        if not isinstance(floats[p], np.ndarray):
            floats[p] = float(floats[p])
        fixed = lambda x: ref_f(*floats[:p], x, *floats[p + 1:])  # noqa: E731
        ref = autograd.make_jvp(fixed)(floats[p])(np.asarray(saved_t[0], dtype=np.float64))[1]
        _compare_tree(tout, ref, f"{name}: jvp", rtol, atol, "autograd")
    return value, tout


def check_hvp(f, *args, v, wrt=0, rtol=1e-5, atol=1e-6, eps=1e-5, jit=False, reference=None,
              hvp_fn=None):
    """Check ``s2sad.hvp(f, wrt=wrt, jit=jit)(*args, v)`` against central finite differences
    of s2sad's gradient along ``v`` (itself checked against differences of ``f`` by
    ``check_grad``). ``reference="autograd"`` also compares with
    ``autograd.hessian_vector_product``. Returns the hvp."""
    from . import api
    pos = _positions(f, wrt)
    vs = tuple(v) if isinstance(wrt, (tuple, list)) else (v,)
    result = _run(_maker(hvp_fn, "hvp"), f, args, wrt, jit, extra=(v,))
    got = _as_tuple(result, wrt, len(pos))
    name = getattr(f, "__name__", f)
    g = api.grad(f, wrt=tuple(pos))
    numeric = _along(lambda *a: g(*a), args, pos, vs, eps)
    for p, h, n in zip(pos, got, numeric):
        _check_shape(h, args[p], f"{name}: hvp d/d(arg {p})")
        _compare(h, n, f"{name}: hvp d/d(arg {p})", rtol, atol, "finite-difference")
    if reference is not None:
        import autograd
        ref_f = f if reference == "autograd" else reference
        floats = _copy_args(args)
        if len(pos) != 1:
            raise ValueError("reference='autograd' compares one wrt argument at a time")
        p = pos[0]
        if not isinstance(floats[p], np.ndarray):
            floats[p] = float(floats[p])
        ref = autograd.hessian_vector_product(ref_f, p)(*floats, np.asarray(vs[0], dtype=np.float64))
        _compare(got[0], ref, f"{name}: hvp d/d(arg {p})", rtol, atol, "autograd")
    return result


def check_modes(f, *args, v, wrt=0, jit=False, reference=None, hvp_atol=1e-6):
    """``check_grad``, ``check_jvp`` along ``v`` and ``check_hvp`` along ``v``: the three modes of ``f``
    against central differences; ``reference`` (``"autograd"`` or a function autograd differentiates)
    also compares the gradient and the hvp with autograd's (the hvp to ``hvp_atol``)."""
    check_grad(f, *args, wrt=wrt, jit=jit, reference=reference)
    check_jvp(f, *args, tangent=v, wrt=wrt, jit=jit)
    check_hvp(f, *args, v=v, wrt=wrt, jit=jit, reference=reference, atol=hvp_atol)


def _compare_tree(a, b, label, rtol, atol, what="numeric"):
    if isinstance(b, tuple) or isinstance(a, tuple):
        if not (isinstance(a, tuple) and isinstance(b, tuple) and len(a) == len(b)):
            raise AssertionError(f"{label}: structure {type(a).__name__} vs {what} {type(b).__name__}")
        for k, (x, y) in enumerate(zip(a, b)):
            _compare_tree(x, y, f"{label}[{k}]", rtol, atol, what)
        return
    if isinstance(b, np.ndarray) and not isinstance(a, np.ndarray):
        raise AssertionError(f"{label}: expected an ndarray of shape {b.shape}, got {type(a).__name__}")
    _compare(a, b, label, rtol, atol, what)
