"""A whole generated program: module globals, helper functions and the function
``f`` to differentiate, written as source text to a real ``.py`` file (s2sad
reads source with ``inspect``) and imported like user code.

``draft(seed, only)`` is a pure function of its arguments: the same seed gives
byte-identical source and the same inputs. It does not check that the program
runs; ``oracle.generate`` draws drafts until one runs and stays finite.
"""
import ast
import hashlib
import importlib.util
import os
import sys
from dataclasses import dataclass, field

import numpy as np

from . import (  # noqa: F401  (register productions)
    arrays,
    draws50,
    effects,
    elementwise,
    flows,
    forms,
    forms52,
    forms56,
    fresh_draws,
    gathers,
    idioms,
    inplace,
    instances,
    kernels,
    keys,
    leaves,
    loops,
    more_rules,
    more_rules54,
    more_rules55,
    numbers,
    objects,
    shrink,
    recent49,
    rebinds51,
    recent49_arrays,
    recursion,
    stacks,
    structured,
    tables,
    tensors,
    through,
    wider,
)
from .productions import LEAVES, PRODUCTIONS
from .scope import Ctx, Helper, Scope, Var
from .signatures import signature_forms
from .stmts import CONSTRUCT_TABLE, block, return_value
from .tmpl import E, S, const, name, render

__all__ = ["Program", "draft", "load", "unload"]

# The draw tables hold what each module registered at its import, so their order (and with it the
# program every seed draws) was the order the modules were first imported in: a process that
# imported ``more_rules`` (or ``arrays``, ...) before this module drafted other programs than one
# importing this module first (test_forms52's `scatter` drafts after test_rules40_drawn). Sorted
# here into one order, the one importing this module first gave; a module not listed comes
# after these, by name; a module's own entries keep their order.
DRAW_ORDER = ("structured", "arrays", "elementwise", "more_rules", "more_rules54", "more_rules_lifts54", "forms",
              "gathers", "leaves", "stmts", "effects", "inplace", "wider", "draws50", "flows", "forms52", "forms56", "idioms",
              "objects", "instances", "kernels", "keys", "loops", "numbers", "shrink", "recent49", "rebinds51",
              "recent49_arrays", "recursion", "stacks", "tables", "tensors", "through")


def _draw_rank(entry):
    module = entry[-1].__module__.rpartition(".")[2]
    return (DRAW_ORDER.index(module), "") if module in DRAW_ORDER else (len(DRAW_ORDER), module)


for _table in (PRODUCTIONS, LEAVES, CONSTRUCT_TABLE):
    _table.sort(key=_draw_rank)

PARAM_NAMES = {"scalar": ["x", "t", "dt", "lam", "alpha", "theta", "c", "a", "b", "tau", "k0"],
               "vector": ["x", "w", "v", "u", "q", "b", "y", "z", "theta", "params", "coef"],
               "matrix": ["A", "W", "X", "M", "S", "K", "B"]}
GLOBAL_NAMES = {"scalar": ["SCALE", "EPS", "LAM", "GAMMA", "DT", "ALPHA", "TEMP", "RATE"],
                "array": ["W0", "BIAS", "CENTERS", "TARGET", "COEFS", "OFFSET"],
                "int": ["N_STEPS", "ORDER", "N_ITER"]}


@dataclass
class Program:
    seed: int
    source: str
    params: list                   # [(name, spec)]: spec is a shape tuple, ("int", v), ("default", v) or ("rng", seed)
    wrt: tuple                     # names of the parameters differentiated
    out: list                      # shapes of the outputs (a tuple when len > 1)
    tags: set = field(default_factory=set)
    rules: set = field(default_factory=set)
    mutations: list = field(default_factory=list)   # [(global, "rebind" | "inplace", value)]
    attempt: int = 0

    @property
    def scalar_output(self):
        return self.out == [()]

    def inputs(self):
        """The positional arguments (the defaulted parameter is left out: the call binds it)."""
        rng = np.random.default_rng([self.seed, self.attempt, 7919])
        args = []
        for _, spec in self.params:
            if isinstance(spec, tuple) and spec and spec[0] == "int":
                args.append(spec[1])
            elif isinstance(spec, tuple) and spec and spec[0] == "default":
                continue
            elif isinstance(spec, tuple) and spec and spec[0] == "rng":      # a generator passed in (draws50)
                args.append(np.random.default_rng(spec[1]))
            elif spec == ():
                args.append(float(rng.uniform(-1.5, 1.5)))
            else:
                args.append(rng.uniform(-1.5, 1.5, size=spec))
        return args

    def dout(self):
        """A head gradient for vjp, shaped like the output (a tuple for a tuple)."""
        rng = np.random.default_rng([self.seed, self.attempt, 104729])
        heads = [float(rng.uniform(0.5, 1.5)) if s == () else rng.uniform(-1.0, 1.0, size=s) for s in self.out]
        return heads[0] if len(heads) == 1 else tuple(heads)

    def calls(self):
        """Dotted names of the functions the program calls (np.sort, math.exp, ...)."""
        tree = ast.parse(self.source)
        return {ast.unparse(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)}

    @property
    def digest(self):
        return hashlib.sha1(self.source.encode()).hexdigest()[:10]


def _kind(shape):
    return "scalar" if shape == () else "vector" if len(shape) == 1 else "matrix"


def _globals(ctx, module):
    mutations = []
    for _ in range(ctx.pick([0, 0, 1, 1, 2, 3]) if ctx.enabled("globals") else 0):
        kind = ctx.pick(["scalar", "scalar", "array", "int"])
        pool = [g for g in GLOBAL_NAMES[kind] if g not in ctx.taken]
        if not pool:
            continue
        gname = ctx.pick(pool)
        ctx.taken.add(gname)
        if kind == "int":
            value = ctx.pick([2, 3, 4])
            ctx.global_ints[gname] = value
            module.append(ast.Assign(targets=[name(gname, True)], value=const(value)))
            mutations.append((gname, "rebind", value + ctx.pick([1, -1])))
            continue
        shape = () if kind == "scalar" else ctx.pick([(ctx.n,), (ctx.m,), (ctx.m, ctx.n)])
        value = _round_values(ctx, shape)
        ctx.globals.vars[gname] = Var(gname, shape, False, 1.0)
        node = const(value) if shape == () else E("np.array(_0)", _literal(value))
        module.append(ast.Assign(targets=[name(gname, True)], value=node))
        new = _round_values(ctx, shape)
        mutations.append((gname, "inplace" if shape and ctx.chance(0.5) else "rebind", new))
    return mutations


def _round_values(ctx, shape):
    if shape == ():
        return round(ctx.rng.uniform(0.1, 2.0), 2)
    return np.round([ctx.rng.uniform(-1.0, 1.0) for _ in range(int(np.prod(shape)))], 2).reshape(shape).tolist()


def _literal(value):
    if isinstance(value, list):
        return ast.List(elts=[_literal(v) for v in value], ctx=ast.Load())
    return const(float(value))


def _params(ctx, count, allow_int):
    params, scope = [], Scope()
    for _ in range(count):
        shape = ctx.pick([(), (), (ctx.n,), (ctx.n,), (ctx.m, ctx.n), (ctx.m,)])
        pool = [p for p in PARAM_NAMES[_kind(shape)] if p not in ctx.taken]
        pname = ctx.pick(pool) if pool else ctx.fresh(_kind(shape), scope)
        ctx.taken.add(pname)
        params.append((pname, shape))
        scope.vars[pname] = Var(pname, shape, False, 2.0)
    if allow_int and ctx.enabled("tensors") and ctx.chance(0.12):
        pname = ctx.pick([p for p in ("X3", "imgs", "batch", "Tin") if p not in ctx.taken])
        ctx.taken.add(pname)
        params.append((pname, (2, ctx.m, ctx.n)))
        ctx.tensors.append(params[-1])
    free = [p for p in ("n_steps", "n", "iters", "order") if p not in ctx.taken]
    if allow_int and free and ctx.chance(0.15):
        pname = ctx.pick(free)
        ctx.taken.add(pname)
        params.append((pname, ("int", ctx.pick([2, 3, 4]))))
        ctx.global_ints[pname] = params[-1][1][1]
    free = [p for p in ("scale", "eps", "reg", "beta") if p not in ctx.taken]
    if free and ctx.chance(0.15):
        pname = ctx.pick(free)
        ctx.taken.add(pname)
        params.append((pname, ("default", ctx.pick([0.5, 0.1, 2.0]))))
        scope.vars[pname] = Var(pname, (), False, 1.0)
    return params, scope


def _function(ctx, fname, params, scope, out, budget, depth):
    body, terminal = block(ctx, scope, budget, depth, out)
    if not terminal:
        value = return_value(ctx, scope, out, 2)
        read = {n.id for stmt in body for n in ast.walk(stmt) if isinstance(n, ast.Name)}
        read |= {n.id for n in ast.walk(value) if isinstance(n, ast.Name)}
        for p, spec in params:          # every float parameter reaches the result
            var = scope.vars.get(p)
            if p not in read and var is not None and out[0] in ((), var.shape):
                term = E("np.sum(np.sin(_0))" if var.shape and out[0] == () else "np.sin(_0)", p)
                value = E("_0 + _1", value, term) if not isinstance(value, ast.Tuple) else value
        for p, _ in ctx.tensors if fname == "f" and not isinstance(value, ast.Tuple) else ():
            if p not in read:           # a 3-d parameter no tensor block read
                value = E("_0 + _1", value, tensors.tensor_param_term(ctx, p))
        body.append(ast.Return(value=value))
    args = [ast.arg(arg=p) for p, _ in params]
    defaults = [const(spec[1]) for _, spec in params if isinstance(spec, tuple) and spec[:1] == ("default",)]
    return ast.FunctionDef(name=fname, args=ast.arguments(posonlyargs=[], args=args, kwonlyargs=[],
                                                          kw_defaults=[], defaults=defaults),
                           body=body, decorator_list=[], returns=None, type_params=[])


def _helper(ctx, index):
    fname = ctx.pick(["smooth", "energy", "step", "rhs", "penalty", "model", "layer", "project", "kernel",
                      "update", "residual", "norm2", "activation"])
    fname = fname if fname not in ctx.taken else f"{fname}_{index}"
    ctx.taken.add(fname)
    params, scope = _params(ctx, ctx.pick([1, 1, 2, 2, 3]), allow_int=False)
    params = [(p, s) for p, s in params]
    returns = [ctx.pick([(), (), (ctx.n,), (ctx.m,)])]
    if ctx.chance(0.25):
        returns.append(ctx.pick([(), (ctx.n,)]))
    node = _function(ctx, fname, params, scope, returns, ctx.pick([0, 1, 1, 2, 3]), 1)
    default = next(((p, s[1]) for p, s in params if isinstance(s, tuple) and s[:1] == ("default",)), None)
    shapes = [s for p, s in params if not (isinstance(s, tuple) and s[:1] == ("default",))]
    ctx.helpers.append(Helper(fname, shapes, default, returns))
    return node


def draft(seed, only=None, attempt=0, without=None):
    """The program for ``seed`` (and ``attempt``, when earlier drafts did not run).
    ``only``/``without``: constructs to restrict to / to leave out (see scope.CONSTRUCTS)."""
    ctx = Ctx([seed, attempt].__repr__(), only, without)
    ctx.taken.update({"f"})
    module = S("import math\nimport numpy as np")
    mutations = _globals(ctx, module)
    if ctx.enabled("helpers"):
        for k in range(ctx.pick([0, 0, 1, 1, 2, 3])):
            module.append(_helper(ctx, k))
    params, scope = _params(ctx, ctx.pick([1, 2, 2, 3]), allow_int=True)
    roll = ctx.rng.random()
    out = [()] if roll < 0.8 else [ctx.pick([(ctx.n,), (ctx.m, ctx.n)])] if roll < 0.95 else [(), (ctx.n,)]
    ctx.writing_f = True
    module.append(_function(ctx, "f", params, scope, out, ctx.pick([2, 3, 3, 4, 5, 6]), 0))
    draws50.finish(ctx, module[-1], params)
    packed = signature_forms(ctx, module[-1], params)
    module[-1:-1] = ctx.extra_defs      # helpers called for their effect, drawn while writing f
    module[2:2] = _imports(module)
    tree = ast.fix_missing_locations(ast.Module(body=module, type_ignores=[]))
    source = render(tree) + "\n"
    compile(source, "<fuzz>", "exec")
    floats = [p for p, s in params if (not isinstance(s, tuple) or s == () or s[0] not in ("int", "default", "rng"))
              and p not in packed]
    wrt = tuple(floats) if ctx.chance(0.8) or len(floats) == 1 else tuple(ctx.rng.sample(floats, len(floats) - 1))
    used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    mutations = [m for m in mutations if m[0] in used]
    return Program(seed, source, params, wrt, out, set(ctx.tags), set(ctx.rules), mutations, attempt)


def _imports(module):
    """``import scipy.special`` (``scipy.linalg``) for the scipy submodules the program calls (forms.py),
    ``import functools`` / ``import dataclasses`` / ``import operator`` / ``import copy`` / ``import statistics`` when the program
    reads them (objects.py, flows.py, more_rules_lifts54.py)."""
    bases = [n for stmt in module for n in ast.walk(stmt) if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name)]
    used = sorted({n.attr for n in bases if n.value.id == "scipy"})
    stdlib = sorted({n.value.id for n in bases if n.value.id in ("functools", "dataclasses", "operator", "collections", "copy", "statistics")})
    return [ast.Import(names=[ast.alias(name=mod)]) for mod in stdlib] + \
        [ast.Import(names=[ast.alias(name=f"scipy.{sub}")]) for sub in used]


_LOADED = {}


def load(program, workdir, label=None):
    """Write the program to ``workdir`` and import it as a module (registered in sys.modules)."""
    label = label or f"fz_{program.seed}_{program.attempt}_{program.digest}"
    path = os.path.join(workdir, label + ".py")
    with open(path, "w") as fh:
        fh.write(program.source)
    spec = importlib.util.spec_from_file_location(label, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[label] = module
    spec.loader.exec_module(module)
    fresh_draws.register(vars(module))
    _LOADED[label] = path
    return module


def unload(module, remove_file=True):
    label = module.__name__
    sys.modules.pop(label, None)
    path = _LOADED.pop(label, None)
    if remove_file and path and os.path.exists(path):
        os.remove(path)
