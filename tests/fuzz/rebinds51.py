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

Invariant: the container names are used nowhere else (not put in the scope); helpers are module level.
"""
import ast
from string import Template

from .effects import _def, _helper_name
from .inplace import _loop_scope
from .productions import adapt, cond, expr
from .stmts import construct
from .tmpl import S
from .wider import _bound_name

__all__ = []

_KINDS = [(3, "list"), (2, "tuple"), (2.5, "dict"), (1.5, "record")]
_KEYS = [("a", "b"), ("a", "b", "c"), ("a", "c"), ("a",)]


class _T:
    """Placeholders for the expressions a text template holds (``S(text, *t.args)``)."""

    def __init__(self):
        self.args = []

    def __call__(self, node):
        self.args.append(node)
        return f"_{len(self.args) - 1}"


class _Box:
    """The container being drawn: its kind, item shape, record class, and one spec (a length, a key
    tuple, or ``'rec'``) per binding it can hold."""

    def __init__(self, ctx, kind=None):
        self.kind = kind or ctx.weighted(_KINDS)
        self.ishape = (ctx.n,) if ctx.chance(0.25) else ()
        self.cls = self.style = None
        if self.kind == "record":
            self.cls, self.style = _record_class(ctx)

    def spec(self, ctx, other=None):
        """A spec; ``other`` given: the same (half the time) or another one."""
        if other is not None and (ctx.chance(0.5) or self.kind == "record"):
            return other
        if self.kind == "record":
            return "rec"
        if self.kind == "dict":
            return ctx.pick([k for k in _KEYS if k != other] if other else _KEYS[:3])
        return ctx.pick([k for k in (2, 3, 4) if k != other])

    def red(self, text):
        return text if self.ishape == () else f"np.sum({text})"


def _record_class(ctx):
    """The program's record class (one per program, module level): a namedtuple or a dataclass."""
    if getattr(ctx, "rebind_record", None) is None:
        cls = _helper_name(ctx, ["State", "Pt", "Particle"])
        style = ctx.pick(["nt", "dc"])
        if style == "nt":
            ctx.extra_defs += S(f"{cls} = collections.namedtuple({cls!r}, ['p', 'v'])")
        else:
            defs = S("@dataclasses.dataclass\nclass C:\n    p: float\n    v: float\n")
            defs[0].name = cls
            ctx.extra_defs += defs
        ctx.use("records")
        ctx.rebind_record = (cls, style)
    return ctx.rebind_record


def _helper(ctx, pool, params, body):
    fname = _helper_name(ctx, pool)
    fdef = _def(fname, [p for p in params if not p.startswith("*")], S(body))
    if params and params[0].startswith("*"):
        fdef.args.vararg = ast.arg(arg=params[0][1:])
    ctx.extra_defs.append(fdef)
    ctx.use("helpers")
    return fname


def _item_texts(box, spec):
    """Item expressions of a spec, written from two helper parameters ``a`` and ``b``."""
    forms = ["a", "b * 2.0", "a - b", "0.5 * a * b"]
    return [forms[j % 4] for j in range(_count(box, spec))]


def _count(box, spec):
    return 2 if box.kind == "record" else len(spec) if box.kind == "dict" else spec


def _container(box, spec, items):
    """Source text of a display of ``spec`` holding ``items`` (texts)."""
    if box.kind == "list":
        return "[" + ", ".join(items) + "]"
    if box.kind == "tuple":
        return "(" + ", ".join(items) + ",)"
    if box.kind == "dict":
        return "{" + ", ".join(f"{k!r}: {it}" for k, it in zip(spec, items)) + "}"
    return f"{box.cls}({', '.join(items)})"


def make(ctx, scope, t, box, spec):
    """An expression text making a new container of ``spec``."""
    items = lambda: [t(expr(ctx, scope, box.ishape, 1)) for _ in range(_count(box, spec))]
    form = ctx.pick(["display", "display", "helper", "comp", "ctor"])
    if form == "helper":
        fname = _helper(ctx, ["make", "init", "build", "pack"], ["a", "b"],
                        "return " + _container(box, spec, _item_texts(box, spec)))
        return f"{fname}({t(expr(ctx, scope, box.ishape, 1))}, {t(expr(ctx, scope, box.ishape, 1))})"
    if form == "comp" and box.kind != "record":
        w = _bound_name(ctx, "w")
        e = t(expr(ctx, scope, box.ishape, 1))
        weights = [1.0, 0.5, -2.0, 1.5][:_count(box, spec)]
        if box.kind == "dict":
            pairs = ", ".join(f"({k!r}, {x})" for k, x in zip(spec, weights))
            kk = _bound_name(ctx, "kk")
            return f"{{{kk}: {e} * {w} for {kk}, {w} in ({pairs},)}}"
        text = f"{e} * {w} for {w} in ({', '.join(map(str, weights))},)"
        return f"[{text}]" if box.kind == "list" else f"tuple({text})"
    if form == "ctor":
        its = items()
        if box.kind == "list":
            return f"list(({', '.join(its)},))"
        if box.kind == "tuple":
            return f"tuple([{', '.join(its)}])"
        if box.kind == "dict" and all(k.isidentifier() for k in spec):
            return "dict(" + ", ".join(f"{k}={it}" for k, it in zip(spec, its)) + ")"
        if box.kind == "record":
            return f"{box.cls}(p={its[0]}, v={its[1]})"
    return _container(box, spec, items())


def copy_of(ctx, box, src):
    """A text copying the container ``src`` (a new object, the same spec)."""
    return ctx.pick({"list": [f"list({src})", f"{src}.copy()", f"{src}[:]", f"copy.copy({src})"],
                     "tuple": [f"tuple({src})", f"{src}[:]", f"copy.copy({src})"],
                     "dict": [f"dict({src})", f"{src}.copy()", f"copy.copy({src})", f"{{**{src}}}"],
                     "record": [f"copy.copy({src})"]}[box.kind])


_STEPS = {      # a helper's body returning a new container of the same spec from ``c`` and a number ``a``
    "list": ["return [v * a + 0.1 for v in c]", "out = list(c)\nout[0] = out[0] + a * out[-1]\nreturn out",
             "return [c[i] - a * c[i - 1] for i in range(len(c))]", "return c[1:] + [c[0] * a]"],
    "tuple": ["return tuple(v * a for v in c)", "return c[1:] + (c[0] * a,)",
              "return tuple([c[0] + a * c[-1]] + list(c[1:]))"],
    "dict": ["return {k: v * a for k, v in c.items()}", "out = dict(c)\nout['a'] = out['a'] + a * out[$last]\nreturn out",
             "out = c.copy()\nfor k in out:\n    out[k] = out[k] * (1.0 - a)\nreturn out"],
    "nt": ["return $cls(c.p + a * c.v, c.v - a * c.p)", "return c._replace(p=c.p * a)"],
    "dc": ["return $cls(c.p + a * c.v, c.v - a * c.p)", "return dataclasses.replace(c, v=c.v + a * c.p)"],
}
_INLINE = {     # the same written in ``f`` ($c the name, $a the number, $v and $k comprehension variables)
    "list": ["$c = [$v * $a for $v in $c]", "$c = [$c[-1] * $a] + $c[:-1]"],
    "tuple": ["$c = tuple($v * $a for $v in $c)", "$c = ($c[-1] * $a,) + $c[:-1]"],
    "dict": ["$c = {$k: $v * $a for $k, $v in $c.items()}"],
    "nt": ["$c = $c._replace(v=$c.v - $a * $c.p)", "$c = $cls($c.v * $a, $c.p)"],
    "dc": ["$c = dataclasses.replace($c, p=$c.p * $a)", "$c = $cls($c.v * $a, $c.p)"],
}
_CHANGES = {    # a helper returning a container of another spec: (body, spec after)
    "list": [("return c + [a]", lambda s: s + 1), ("return [c[0] * a, c[-1]]", lambda s: 2)],
    "tuple": [("return c + (a,)", lambda s: s + 1), ("return (c[0] * a, c[-1])", lambda s: 2)],
    "dict": [("return {'a': c['a'] * a}", lambda s: ("a",)),
             ("out = dict(c)\nout['z'] = a\nreturn out", lambda s: s + ("z",) if "z" not in s else s)],
}


def _sub(box, text, spec, **more):
    """``text`` with the record class, the dict's last key and ``more`` filled in."""
    last = repr(spec[-1]) if box.kind == "dict" else ""
    return Template(text).substitute(cls=box.cls or "", last=last, **more)


def step(ctx, box, spec, c, a):
    """A statement text rebinding ``c`` to a new container of the same spec."""
    key = box.style if box.kind == "record" else box.kind
    if ctx.chance(0.35):
        if box.kind == "dict" and ctx.chance(0.5):
            body = "{" + ", ".join(f"{k!r}: {c}[{spec[j - 1]!r}] * {a}" for j, k in enumerate(spec)) + "}"
            return f"{c} = {body}"
        return _sub(box, ctx.pick(_INLINE[key]), spec, c=c, a=a, v=_bound_name(ctx, "vi"), k=_bound_name(ctx, "ki"))
    fname = _helper(ctx, ["step", "update", "advance", "relax"], ["c", "a"], _sub(box, ctx.pick(_STEPS[key]), spec))
    return f"{c} = {fname}({c}, {a})"


def change(ctx, box, spec, c, a):
    """(a statement text rebinding ``c`` to a container of another spec, that spec), or None."""
    if box.kind not in _CHANGES:
        return None
    body, after = ctx.pick(_CHANGES[box.kind])
    if ctx.chance(0.3) and box.kind in ("list", "tuple") and body.startswith("return c + "):
        return f"{c} = {c} + {Template(body[len('return c + '):].replace('a', '$a')).substitute(a=a)}", after(spec)
    fname = _helper(ctx, ["extend", "grow", "reshape_", "trim"], ["c", "a"], body)
    return f"{c} = {fname}({c}, {a})", after(spec)


def read(ctx, t, box, specs, c):
    """(statement texts, a scalar expression text) reading ``c`` whatever spec of ``specs`` it holds."""
    red = box.red
    if box.kind == "record":
        forms = [f"{red(c + '.p')} + 2.0 * {red(c + '.v')}", f"{red(c + '.v')} * {red(c + '.p')}"]
        if box.style == "nt":
            forms += [red(f"sum({c})"), f"{red(c + '[-1]')} - {red(c + '[0]')}", "UNPACK"]
        form = ctx.pick(forms)
        if form == "UNPACK":
            p0, v0 = _bound_name(ctx, "p0"), _bound_name(ctx, "v0")
            return [f"{p0}, {v0} = {c}"], f"{red(p0)} * 1.5 + {red(v0)}"
        return [], form
    if box.kind == "dict":
        common = sorted(set.intersection(*(set(s) for s in specs)))
        kk, vv = _bound_name(ctx, "kk"), _bound_name(ctx, "vv")
        forms = [" + ".join(f"{red(f'{c}[{k!r}]')} * {1.0 + j}" for j, k in enumerate(common)),
                 red(f"sum({c}.values())"), f"len({c}) * {red(f'{c}[{common[0]!r}]')}",
                 f"{red(f'{c}.get({chr(39)}z{chr(39)}, 0.5)')} + {red(f'{c}.get({chr(39)}b{chr(39)}, 0.25)')}",
                 f"sum({red(vv)} * 0.5 for {kk}, {vv} in {c}.items())", f"sum({red(f'{c}[{kk}]')} for {kk} in {c})"]
        return [], ctx.pick(forms)
    lens = set(specs)
    it = _bound_name(ctx, "it")
    forms = [red(f"sum({c})"), f"{red(c + '[-1]')} * 2.0 + {red(c + '[0]')}", f"float(np.sum(np.array({c}) ** 2))",
             f"len({c}) * {red(c + '[-1]')}", red(f"{c}[-2]"), f"sum({red(it)} * 0.5 for {it} in {c})", "STAR"]
    if len(lens) == 1:
        forms += ["UNPACK", "HEAD"]
    form = ctx.pick(forms)
    if form == "UNPACK":
        names = [_bound_name(ctx, "e") for _ in range(next(iter(lens)))]
        return [f"{', '.join(names)} = {c}"], " + ".join(f"{red(nm)} * {1.0 + 0.5 * j}" for j, nm in enumerate(names))
    if form == "HEAD":
        head, rest = _bound_name(ctx, "head"), _bound_name(ctx, "rest")
        return [f"{head}, *{rest} = {c}"], f"{red(head)} * 2.0 + {red(f'sum({rest})')}"
    if form == "STAR":
        if len(lens) == 1:
            k = next(iter(lens))
            params = [f"x{j}" for j in range(k)]
            fname = _helper(ctx, ["combine", "mix", "weigh"], params,
                            "return " + " + ".join(f"{1.0 + j} * {p}" for j, p in enumerate(params)))
        else:
            fname = _helper(ctx, ["total", "accumulate_"], ["*xs"], "return sum(xs) * 0.5")
        return [], red(f"{fname}(*{c})")
    return [], form


def _finish(ctx, scope, t, lines, box, specs, c):
    """``lines`` then a fresh scalar reading ``c``; the statements."""
    pre, value = read(ctx, t, box, specs, c)
    r = ctx.fresh("scalar", scope)
    stmts = S("\n".join(lines + pre + [f"{r} = {value}"]), *t.args)
    scope.define(r, ())
    ctx.use("containers")
    return stmts


def _box_name(ctx):
    return _bound_name(ctx, ctx.pick(["state", "params", "coeffs", "pair", "stack", "acc"]))


@construct("rebinds", 2.5, 1)
def rebind_branch(ctx, scope, depth, out):
    if depth >= 2:
        return [], False
    box, c, t = _Box(ctx), _box_name(ctx), _T()
    spec = box.spec(ctx)
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
    box, c, t = _Box(ctx), _box_name(ctx), _T()
    spec, count, i = box.spec(ctx), ctx.pick([2, 3, 4]), _bound_name(ctx, "i")
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
    box, c, t = _Box(ctx), _box_name(ctx), _T()
    spec, k, limit = box.spec(ctx), _bound_name(ctx, "k"), ctx.pick([3, 5, 8])
    first = {"record": f"{c}.p", "dict": f"{c}['a']"}.get(box.kind, f"{c}[-1]")
    test = ctx.pick([f"abs({box.red(first)}) > 0.05", f"{box.red(first)} > -3.0", f"{box.red(first)} ** 2 > 1e-3"])
    lines = [f"{c} = {make(ctx, scope, t, box, spec)}", f"{k} = 0", f"while {test} and {k} < {limit}:"]
    sub = _loop_scope(scope, (k, None))
    lines += ["    " + step(ctx, box, spec, c, t(adapt(ctx, sub, "unit", (), 1))), f"    {k} += 1"]
    ctx.use("while")
    return _finish(ctx, scope, t, lines, box, [spec], c), False


_MUTATIONS = {  # a helper body writing its argument ``c``: (body, spec after)
    "list": [("c.append(a)", lambda s: s + 1), ("c[-1] += a", lambda s: s), ("c[0] = c[0] * a", lambda s: s),
             ("c[1] -= a * c[0]", lambda s: s)],
    "dict": [("c['a'] = c['a'] + a", lambda s: s), ("c['z'] = a", lambda s: s + ("z",) if "z" not in s else s),
             ("c[$last] *= a", lambda s: s)],
}


@construct("rebinds", 2, 0.5)
def mutate_helper(ctx, scope, depth, out):
    if depth >= 2:
        return [], False
    box, c, t = _Box(ctx, ctx.pick(["list", "dict"])), _box_name(ctx), _T()
    spec = box.spec(ctx)
    body, after = ctx.pick(_MUTATIONS[box.kind])
    returns = ctx.chance(0.3)
    fname = _helper(ctx, ["bump", "push", "record_", "write"], ["c", "a"],
                    _sub(box, body, spec) + ("\nreturn c" if returns else ""))
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
    box, c, m, t = _Box(ctx, ctx.pick(["list", "list", "dict"])), _box_name(ctx), _bound_name(ctx, "M"), _T()
    spec = box.spec(ctx)
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
