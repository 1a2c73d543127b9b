"""The containers ``rebinds51`` draws: how one is made, copied, stepped to a new one of the same spec
(a length, a key tuple, or ``'rec'``), changed to another spec, and read whatever spec it holds.

Everything is written as source text with ``T`` placeholders for generated expressions, filled by
``S(text, *t.args)``. Invariant: a reader chosen for ``specs`` runs on a container of any of them
(dict keys always hold ``'a'``; lists and tuples have two items or more).
"""
import ast
from string import Template

from .effects import _def, _helper_name
from .productions import expr
from .tmpl import S
from .wider import _bound_name

__all__ = ["MUTATIONS", "Box", "T", "change", "copy_of", "fill", "helper", "make", "read", "step"]

_KINDS = [(3, "list"), (2, "tuple"), (2.5, "dict"), (1.5, "record")]
_KEYS = [("a", "b"), ("a", "b", "c"), ("a", "c"), ("a",)]


class T:
    """Placeholders for the expressions a text template holds (``S(text, *t.args)``)."""

    def __init__(self):
        self.args = []

    def __call__(self, node):
        self.args.append(node)
        return f"_{len(self.args) - 1}"


class Box:
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


def helper(ctx, pool, params, body):
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
        fname = helper(ctx, ["make", "init", "build", "pack"], ["a", "b"],
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


def fill(box, text, spec, **more):
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
        return fill(box, ctx.pick(_INLINE[key]), spec, c=c, a=a, v=_bound_name(ctx, "vi"), k=_bound_name(ctx, "ki"))
    fname = helper(ctx, ["step", "update", "advance", "relax"], ["c", "a"], fill(box, ctx.pick(_STEPS[key]), spec))
    return f"{c} = {fname}({c}, {a})"


def change(ctx, box, spec, c, a):
    """(a statement text rebinding ``c`` to a container of another spec, that spec), or None."""
    if box.kind not in _CHANGES:
        return None
    body, after = ctx.pick(_CHANGES[box.kind])
    if ctx.chance(0.3) and box.kind in ("list", "tuple") and body.startswith("return c + "):
        return f"{c} = {c} + {Template(body[len('return c + '):].replace('a', '$a')).substitute(a=a)}", after(spec)
    fname = helper(ctx, ["extend", "grow", "reshape_", "trim"], ["c", "a"], body)
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
            fname = helper(ctx, ["combine", "mix", "weigh"], params,
                            "return " + " + ".join(f"{1.0 + j} * {p}" for j, p in enumerate(params)))
        else:
            fname = helper(ctx, ["total", "accumulate_"], ["*xs"], "return sum(xs) * 0.5")
        return [], red(f"{fname}(*{c})")
    return [], form


MUTATIONS = {  # a helper body writing its argument ``c``: (body, spec after)
    "list": [("c.append(a)", lambda s: s + 1), ("out = c\nout.append(a)", lambda s: s + 1), ("c[-1] += a", lambda s: s),
             ("c[0] = c[0] * a", lambda s: s), ("c[1] -= a * c[0]", lambda s: s)],
    "dict": [("c['a'] = c['a'] + a", lambda s: s), ("c['z'] = a", lambda s: s + ("z",) if "z" not in s else s),
             ("c[$last] *= a", lambda s: s)],
}
