"""One name bound more than once to a container, on different paths (fuzz51; tag ``rebinds``).

Stop 50 found three silent wrong-gradient classes here by hand (a dict rebound in a loop, a name
holding tuples of two lengths, a name bound to two helpers' tuples); the generator drew none of them.
A container is a list, a tuple, a dict (its keys always hold ``'a'``) or a record (a namedtuple or a
dataclass with fields ``p`` and ``v``), of numbers or of vectors, made by a display, a helper's result,
a comprehension, ``list(...)``/``tuple(...)``/``dict(...)`` or a copy. Productions:

* ``rebind_branch``: bound again on one arm of an ``if`` (or on both), of the same or another length
  or keys, or by a helper returning a new one;
* ``rebind_loop``: ``c = step(c, a)`` (a helper returning a new one), rebuilt inline, or grown, in a
  counted ``for``;
* ``rebind_while``: the same in a data-dependent ``while``;
* ``mutate_helper``: a helper that writes its argument (``append``, ``d[k] = ...``, ``L[i] += ...``),
  called straight, on one path, in a loop, or rebound to what it returns;
* ``alias_rebind``: ``M = L`` (or a copy of it), then written through one name or ``L`` rebound.

Each ends by reading the container whole (``sum``, ``np.array``, ``*c``, unpacking, ``len``, a
generator), by negative index or by key into a fresh scalar. The reads are chosen for every length
or key set the name can hold on some path (``specs``), so the program runs on every path.

The containers themselves (made, copied, stepped, changed, read) are in ``rebinds51_forms.py``.
Invariant: the container names are used nowhere else (not put in the scope); helpers are module level.
"""
from string import Template

from .inplace import _loop_scope
from .productions import adapt, cond, expr
from .rebinds51_forms import (
    MUTATIONS,
    Box,
    T,
    change,
    copy_of,
    fill,
    helper,
    make,
    read,
    step,
)
from .stmts import construct
from .tmpl import S
from .wider import _bound_name

__all__ = []

def _finish(ctx, scope, t, lines, box, specs, c):
    """``lines`` then a fresh scalar reading ``c``; the statements."""
    pre, value = read(ctx, t, box, specs, c)
    r = ctx.fresh("scalar", scope)
    stmts = S("\n".join(lines + pre + [f"{r} = {value}"]), *t.args)
    scope.define(r, ())
    ctx.use("containers")
    return stmts


def _start(ctx, kind=None):
    """(the container drawn, its name, the placeholders, its first spec)."""
    box = Box(ctx, kind)
    c = _bound_name(ctx, ctx.pick(["state", "params", "coeffs", "pair", "stack", "acc"]))
    return box, c, T(), box.spec(ctx)


@construct("rebinds", 2.5, 1)
def rebind_branch(ctx, scope, depth, out):
    if depth >= 2:
        return [], False
    box, c, t, spec = _start(ctx)
    test = t(cond(ctx, scope, 1))
    roll = ctx.rng.random()
    if roll < 0.3:                           # bound on both arms, nowhere before
        other = box.spec(ctx, spec)
        lines = [f"if {test}:", f"    {c} = {make(ctx, scope, t, box, spec)}", "else:",
                 f"    {c} = {make(ctx, scope, t, box, other)}"]
        return _finish(ctx, scope, t, lines, box, [spec, other], c), False
    lines = [f"{c} = {make(ctx, scope, t, box, spec)}", f"if {test}:"]
    a = t(adapt(ctx, scope, "unit", (), 1))
    changed = change(ctx, box, spec, c, a) if roll < 0.6 else None
    if changed:
        lines.append("    " + changed[0])
        specs = [spec, changed[1]]
    elif roll < 0.8:
        lines.append("    " + step(ctx, box, spec, c, a))
        specs = [spec]
    else:
        other = box.spec(ctx, spec)
        lines.append(f"    {c} = {make(ctx, scope, t, box, other)}")
        specs = [spec, other]
    if ctx.chance(0.3):
        lines += ["else:", f"    {c} = {copy_of(ctx, box, c)}"]
    return _finish(ctx, scope, t, lines, box, specs, c), False


@construct("rebinds", 2.5, 0)
def rebind_loop(ctx, scope, depth, out):
    if depth >= 2:
        return [], False
    box, c, t, spec = _start(ctx)
    count, i = ctx.pick([2, 3, 4]), _bound_name(ctx, "i")
    sub = _loop_scope(scope, (i, count))
    lines = [f"{c} = {make(ctx, scope, t, box, spec)}", f"for {i} in range({count}):"]
    a = t(adapt(ctx, sub, "unit", (), 1))
    specs = [spec]
    grown = change(ctx, box, spec, c, a) if box.kind in ("list", "tuple") and ctx.chance(0.25) else None
    if grown and grown[1] == spec + 1:
        lines.append("    " + grown[0])
        specs = [spec + count]
    else:
        lines.append("    " + step(ctx, box, spec, c, a))
    ctx.use("for")
    return _finish(ctx, scope, t, lines, box, specs, c), False


@construct("rebinds", 1.5, 0)
def rebind_while(ctx, scope, depth, out):
    if depth >= 2:
        return [], False
    box, c, t, spec = _start(ctx)
    k, limit = _bound_name(ctx, "k"), ctx.pick([3, 5, 8])
    first = {"record": f"{c}.p", "dict": f"{c}['a']"}.get(box.kind, f"{c}[-1]")
    test = ctx.pick([f"abs({box.red(first)}) > 0.05", f"{box.red(first)} > -3.0", f"{box.red(first)} ** 2 > 1e-3"])
    lines = [f"{c} = {make(ctx, scope, t, box, spec)}", f"{k} = 0", f"while {test} and {k} < {limit}:"]
    sub = _loop_scope(scope, (k, None))
    lines += ["    " + step(ctx, box, spec, c, t(adapt(ctx, sub, "unit", (), 1))), f"    {k} += 1"]
    ctx.use("while")
    return _finish(ctx, scope, t, lines, box, [spec], c), False




@construct("rebinds", 2, 0.5)
def mutate_helper(ctx, scope, depth, out):
    if depth >= 2:
        return [], False
    box, c, t, spec = _start(ctx, ctx.pick(["list", "dict"]))
    body, after = ctx.pick(MUTATIONS[box.kind])
    returns = ctx.chance(0.3)
    fname = helper(ctx, ["bump", "push", "record_", "write"], ["c", "a"],
                    fill(box, body, spec) + ("\nreturn c" if returns else ""))
    lines = [f"{c} = {make(ctx, scope, t, box, spec)}"]
    call = (f"{c} = " if returns else "") + f"{fname}({c}, $a)"
    first = "'a'" if box.kind == "dict" else "-1"
    own = f"{c}[{first}] * " if ctx.chance(0.4) else ""        # the argument reads the container (stop 51's bug)
    where = ctx.pick(["straight", "branch", "loop"])
    if where == "straight":
        lines.append(Template(call).substitute(a=own + t(expr(ctx, scope, box.ishape, 1))))
        specs = [after(spec)]
    elif where == "branch":
        lines += [f"if {t(cond(ctx, scope, 1))}:", "    " + Template(call).substitute(a=own + t(expr(ctx, scope, box.ishape, 1)))]
        specs = [spec, after(spec)]
    else:
        i, count = _bound_name(ctx, "i"), ctx.pick([2, 3])
        sub = _loop_scope(scope, (i, count))
        lines += [f"for {i} in range({count}):", "    " + Template(call).substitute(a=own + t(expr(ctx, sub, box.ishape, 1)))]
        specs = [spec]
        for _ in range(count):
            specs = [after(specs[0])]
        ctx.use("for")
    ctx.use("effects")
    return _finish(ctx, scope, t, lines, box, specs, c), False


@construct("rebinds", 2, 0.5)
def alias_rebind(ctx, scope, depth, out):
    if depth >= 2:
        return [], False
    box, c, t, spec = _start(ctx, ctx.pick(["list", "list", "dict"]))
    m = _bound_name(ctx, "M")
    copied = ctx.chance(0.4)
    lines = [f"{c} = {make(ctx, scope, t, box, spec)}", f"{m} = {copy_of(ctx, box, c) if copied else c}"]
    e = t(expr(ctx, scope, box.ishape, 1))
    first = "'a'" if box.kind == "dict" else "0"
    writer, target = ctx.pick([m, c]), ctx.pick([m, c])
    roll = ctx.rng.random()
    spec_c = spec_m = spec
    if roll < 0.4:
        lines.append(f"{writer}[{first}] = {writer}[{first}] * {e}")
    elif roll < 0.6 and box.kind == "list":
        lines.append(f"{writer}.append({e})")
        if not copied:
            spec_c = spec_m = spec + 1
        elif writer == m:
            spec_m = spec + 1
        else:
            spec_c = spec + 1
    else:
        other = box.spec(ctx, spec)
        line = f"{c} = {make(ctx, scope, t, box, other)}"
        if ctx.chance(0.5):
            lines += [f"if {t(cond(ctx, scope, 1))}:", "    " + line]
            spec_c = [spec, other]
        else:
            lines.append(line)
            spec_c = other
        lines.append(f"{target}[{first}] += {e}")
    specs_c = spec_c if isinstance(spec_c, list) else [spec_c]
    pre, value = read(ctx, t, box, specs_c, c)
    pre2, value2 = read(ctx, t, box, [spec_m], m)
    r = ctx.fresh("scalar", scope)
    stmts = S("\n".join(lines + pre + pre2 + [f"{r} = {value} + 0.5 * {value2}"]), *t.args)
    scope.define(r, ())
    ctx.use("containers")
    return stmts, False
