"""What ``grad(f)`` differentiates: the Python function behind ``f``, settled when the
gradient is made.

Invariant: s2sad differentiates exactly the code that calling ``f`` runs, or
refuses. A ``functools.partial``, a bound method, or a callable object is the
Python function underneath with some leading (or keyword) arguments fixed: those
are passed at each call and never differentiated. A numba dispatcher is its
Python function. A decorated function (``functools.wraps``) is parsed as the
wrapper it is, except when the wrapper provably returns the wrapped function's
result unchanged (``def w(*args, **kwargs): return f(*args, **kwargs)``): then it is the wrapped
function. A wrapper that only forwards its ``*args, **kwargs`` to the wrapped function and changes
the result (``return 2 * f(*args, **kwargs)``) is parsed under the wrapped function's signature
(``wrapper_shims.py``).
Builtins, ufuncs, classes, gradient functions and non-callables are refused
with ``NotDifferentiableError`` (or ``ArgumentError`` for a non-callable).
"""
import ast
import functools
import inspect
import textwrap
import types
from dataclasses import dataclass, field

from .errors import ArgumentError, NotDifferentiableError
from .wrapper_shims import forwarding_shim


@dataclass
class Target:
    func: types.FunctionType        # the Python function whose source is differentiated
    name: str                       # how to call it in messages
    fixed: tuple = ()               # leading positional arguments bound (self, partial's args)
    keywords: dict = field(default_factory=dict)   # keyword arguments bound by a partial
    params: list = field(default_factory=list)     # func's parameters, in order
    _sig: inspect.Signature = None  # the signature below, made from the defaults in _defaults
    _defaults: tuple = ()           # (func.__defaults__, its __kwdefaults__ as (name, value) pairs)
    partials = ()                   # the functools.partial objects around func (``PartialTarget``)
    assumed = ()                    # what calling the object runs, as resolved (``_still_runs``)

    @property
    def signature(self):
        """What the caller calls (without the fixed arguments), with the defaults ``func`` has
        now: Python reads ``__defaults__``/``__kwdefaults__`` at each call, so a default rebound
        after the gradient was made (``f.__defaults__ = (w,)``) is the one a call leaves out."""
        func = self.func
        if self.assumed:
            _still_runs(self.assumed)
        if self._sig is None or func.__defaults__ is not self._defaults[0] or \
                not same_kwdefaults(func.__kwdefaults__, self._defaults[1]):
            own = list(inspect.signature(func, follow_wrapped=False).parameters.values())
            self._sig = _visible_signature(own[len(self.fixed):], self.keywords)
            self._defaults = (func.__defaults__, tuple((func.__kwdefaults__ or {}).items()))
        return self._sig

    @property
    def visible(self):
        """The parameters the caller passes, in order."""
        return list(self.signature.parameters)


@dataclass
class PartialTarget(Target):
    """A target with ``functools.partial`` objects around ``func``: Python reads a partial's
    keywords, a dict, at each call (``p.keywords["k"] = 3.0`` changes what ``p(x)`` computes),
    so its signature reads them again (only these targets pay for it)."""
    partials: tuple = ()            # the partial objects, outermost first
    _bound: tuple = ()              # what each of them held when last read (``_partials_now``)

    @property
    def signature(self):
        if not all(map(_same_partial, self.partials, self._bound)):
            self._rebind()
        return Target.signature.fget(self)

    def _rebind(self):
        """A partial's keywords changed in place since last read: take their new values. A change
        that would change the caller's signature (a keyword added or removed, or the partial's
        function or arguments replaced through ``__setstate__``) is refused: the gradient's
        parameters and ``wrt`` were settled on the old one."""
        bound = _partials_now(self.partials)
        keywords = {}
        for p in reversed(self.partials):      # the outer partial's keywords win, as in a call
            keywords.update(p.keywords)
        if set(keywords) != set(self.keywords) or any(
                new[:2] != old[:2] for new, old in zip(bound, self._bound)):
            raise ArgumentError(
                f"the functools.partial of `{self.name}` was changed in place after its gradient was made "
                f"(it now fixes {_fixed_text(bound[0])}; it fixed {_fixed_text(self._bound[0])}): the "
                "gradient's parameters were settled on the old one. Make the gradient again from the partial as it is now.")
        self.keywords, self._bound, self._sig = keywords, bound, None


def resolve(obj, mode="grad"):
    """The Target behind ``obj`` (see the module docstring), or a clear refusal."""
    partials, assumed = [], []
    func, fixed, keywords = _unwrap(obj, mode, partials, assumed)
    own = list(inspect.signature(func, follow_wrapped=False).parameters.values())
    name = func.__name__
    star = [i for i, p in enumerate(own) if p.kind == p.VAR_POSITIONAL]
    if star and len(fixed) > star[0]:
        raise ArgumentError(f"{mode} of {_describe(obj)}: it fixes {len(fixed)} positional argument(s) of "
                            f"`{name}`, some of them into its `*{own[star[0]].name}`; s2sad binds fixed "
                            "arguments to named parameters only. Pass the extra arguments at each call.")
    if len(fixed) > len(own):
        raise ArgumentError(f"{mode} of {_describe(obj)}: it fixes {len(fixed)} argument(s) of `{name}`, "
                            f"which takes {len(own)}.")
    if hasattr(func, "__wrapped__") and any(p.kind not in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY) for p in own):
        _refuse_parameters(func)
    unknown = sorted(set(keywords) - {p.name for p in own})
    if unknown:
        raise ArgumentError(f"{mode} of {_describe(obj)}: `{name}` has no parameter named {unknown[0]!r}.")
    if partials:
        target = PartialTarget(func, name, tuple(fixed), dict(keywords), [p.name for p in own],
                               partials=tuple(partials), _bound=_partials_now(partials))
    else:
        target = Target(func, name, tuple(fixed), dict(keywords), [p.name for p in own])
    target.assumed = tuple(assumed)
    return target


def _still_runs(assumed):
    """Refuse a call when calling the object no longer runs the code the gradient was made from
    (before, the gradient silently kept differentiating the old code). Python looks a callable
    object's ``__call__`` up on its class at each call (``("call", obj, cls, raw)``: the class's
    ``__call__`` replaced, ``C.__call__ = ...``, or the object's class changed), and a wrapper seen
    through calls the function its closure cell or global holds then (``("wrap", wrapper, name,
    wrapped)``: ``IMPL = other`` after ``def dispatch(*a, **k): return IMPL(*a, **k)``)."""
    for kind, obj, a, b in assumed:
        if kind == "wrap":
            if _free_value(obj, a) is not b:
                raise ArgumentError(
                    f"the gradient of `{obj.__name__}` differentiates `{b.__name__}`, the function its `{a}` held "
                    f"when the gradient was made; `{a}` now holds another, which calling `{obj.__name__}` runs. "
                    "Make the gradient again.")
            continue
        cls, raw = a, b
        if type(obj) is not cls or inspect.getattr_static(cls, "__call__", None) is not raw:
            raise ArgumentError(
                f"the gradient was made from the `__call__` of {_describe(obj)}, and that object's class, or the "
                "class's `__call__`, was replaced since: calling the object now runs other code than the code "
                "differentiated. Make the gradient again from the object as it is now.")


def _partials_now(partials):
    """What each partial holds now: (its function, its arguments, its keywords as (name, value) pairs)."""
    return tuple((p.func, p.args, tuple(p.keywords.items())) for p in partials)


def _same_partial(p, bound):
    """Does partial ``p`` hold what it held (``bound``, from ``_partials_now``), the same objects?"""
    return p.func is bound[0] and p.args is bound[1] and same_kwdefaults(p.keywords, bound[2])


def _fixed_text(bound):
    """'2 argument(s) and the keywords [...]' of one of ``_partials_now``'s entries."""
    return f"{len(bound[1])} argument(s) and the keywords {sorted(k for k, _ in bound[2])}"


def keyword_only(obj, mode="grad"):
    """True if a call of ``obj``'s gradient must be bound to its parameters by the signature: some
    parameter is keyword-only (``def f(x, *, k=1.0)``, or one a ``functools.partial`` binds by
    keyword), positional-only, or collects the extra arguments (``*args``, ``**kwargs``)."""
    try:
        params = resolve(obj, mode).signature.parameters.values()
    except Exception:  # noqa: BLE001  (the gradient's own construction raises it again, with its message)
        return False
    return any(p.kind != p.POSITIONAL_OR_KEYWORD for p in params)


def collecting_position(target, i, wrt, mode):
    """Refuse a position that reaches a ``*args`` or ``**kwargs`` parameter or one after it: a call's
    positional arguments from there on fill ``*args`` (which one a position means depends on the
    call), and the caller never passes a ``**kwargs`` by position. Selected by name, ``*args`` is
    differentiated as the tuple it is (its gradient a tuple), ``**kwargs`` as a dict."""
    visible = target.visible
    kinds = [p.kind for p in target.signature.parameters.values()]
    star = [j for j, k in enumerate(kinds) if k in (k.VAR_POSITIONAL, k.VAR_KEYWORD)]
    if star and i >= star[0]:
        p = visible[star[0]]
        mark = "*" if kinds[star[0]] == kinds[star[0]].VAR_POSITIONAL else "**"
        raise ArgumentError(f"{mode}: wrt={wrt!r}: position {i} of `{target.name}` {tuple(visible)} is at or "
                            f"after its `{mark}{p}`, whose arguments depend on the call; s2sad selects "
                            f"parameters, not call positions. Give wrt={p!r} to differentiate the "
                            f"{'tuple' if mark == '*' else 'dict'} `{p}` (its gradient is a "
                            f"{'tuple' if mark == '*' else 'dict'} like it), or make the argument a named "
                            "parameter (`def f(x, a, *rest)`), or select a later parameter by name.")


def refuse_kwargs_under_jit(target, mode):
    """With ``jit=True`` a ``**kwargs`` parameter is refused when the gradient is made: its dict
    would reach numba's compiled code, which takes no Python dict."""
    for p in target.signature.parameters.values():
        if p.kind == p.VAR_KEYWORD:
            raise ArgumentError(f"{mode}(jit=True) of `{target.name}`: its parameter `**{p.name}` holds a dict of "
                                "the extra keywords, which numba's compiled code cannot take. Name the keywords "
                                "as parameters (`def f(x, *, c=0.0)`), or use jit=False.")


def call(func, args):
    """``func`` called on ``args``, its parameters' values in order (as ``Target.params`` lists
    them): a ``*args`` parameter's tuple passed as the extra positional arguments, keyword-only
    parameters by name, a ``**kwargs`` parameter's dict as the extra keywords."""
    code = func.__code__
    if not code.co_kwonlyargcount and not code.co_flags & (inspect.CO_VARARGS | inspect.CO_VARKEYWORDS):
        return func(*args)
    positional, named = [], {}
    for p, v in zip(inspect.signature(func, follow_wrapped=False).parameters.values(), args):
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD):
            positional.append(v)
        elif p.kind == p.VAR_POSITIONAL:
            positional.extend(v)
        elif p.kind == p.KEYWORD_ONLY:
            named[p.name] = v
        else:
            named.update(v)
    return func(*positional, **named)


def _refuse_parameters(func):
    """A decorator's wrapper taking ``*args``/``**kwargs`` (or positional-only parameters) that is not
    transparent: refused at its ``def``. Its gradient would have to follow the wrapper's ``*args``
    into the function it wraps, where which argument is which depends on the call."""
    from .errors import unsupported
    from .frontend.parsing import parse_function
    src = parse_function(func)
    a = src.tree.args
    own = ", ".join([f"*{a.vararg.arg}" for _ in [a.vararg] if a.vararg]
                    + [f"**{a.kwarg.arg}" for _ in [a.kwarg] if a.kwarg]) or "/"
    inner = func.__wrapped__.__name__
    raise unsupported(src, src.tree,
                      f"the wrapper `{func.__code__.co_name}({own})` a decorator put around `{inner}`: s2sad "
                      "differentiates the code that runs, and this wrapper passes its arguments on through "
                      f"`{own}`, where which argument is which depends on the call; it does not only return "
                      f"`{inner}`'s result unchanged (that wrapper s2sad sees through)",
                      f"Apply grad to the undecorated function (`{inner}.__wrapped__`) and apply the "
                      "wrapper's change to the result yourself, or write the wrapper with named parameters "
                      f"(`def {func.__code__.co_name}(x): return 2.0 * fn(x)`).")


def _unwrap(obj, mode, partials, assumed=None):
    """(Python function, fixed positional arguments, fixed keywords); the functools.partial
    objects met on the way are appended to ``partials``, outermost first, and what the object's
    call was resolved to run to ``assumed`` (``_still_runs``)."""
    assumed = [] if assumed is None else assumed
    from .api import GradFunction
    if isinstance(obj, GradFunction):
        raise NotDifferentiableError(
            f"{mode} of `{obj!r}`: s2sad differentiates a gradient again only given it directly, as "
            "s2sad.grad(s2sad.grad(f)), jvp(grad(f)) or jacobian(grad(f)) (s2sad.hvp(f), s2sad.hessian(f) "
            "for Hessians; s2sad.testing.check_hvp checks them); inside a functools.partial or another "
            "callable, pass its fixed arguments at the call instead (s2sad.grad(s2sad.grad(f))(x, k=3.0)).")
    if isinstance(obj, functools.partial):
        partials.append(obj)
        func, fixed, keywords = _unwrap(obj.func, mode, partials, assumed)
        return func, fixed + tuple(obj.args), {**keywords, **(obj.keywords or {})}
    if isinstance(obj, staticmethod):
        return _unwrap(obj.__func__, mode, partials, assumed)
    if isinstance(obj, types.MethodType):
        func, fixed, keywords = _unwrap(obj.__func__, mode, partials, assumed)
        return func, (obj.__self__,) + fixed, keywords
    if isinstance(obj, types.FunctionType):
        wrapped = getattr(obj, "__wrapped__", None)
        through = _transparent(obj) if wrapped is not None and callable(wrapped) else None
        if through:
            assumed.append(("wrap", obj, through, wrapped))
            return _unwrap(wrapped, mode, partials, assumed)
        shim = forwarding_shim(obj) if wrapped is not None else None
        return (shim or obj), (), {}
    if _is_numba_dispatcher(obj):
        return _unwrap(obj.py_func, mode, partials, assumed)
    if isinstance(obj, type):
        raise NotDifferentiableError(f"{mode} of the class `{obj.__qualname__}`: s2sad differentiates "
                                     "functions. Differentiate a function that builds and uses it.")
    if isinstance(obj, (types.BuiltinFunctionType, types.BuiltinMethodType)) or _is_c_callable(obj):
        label = _c_name(obj)
        raise NotDifferentiableError(
            f"{mode} of `{label}`: it is implemented in C (a builtin or NumPy function), and s2sad "
            f"differentiates Python source code. Wrap it: `def f(x): return {label}(x)`.")
    if isinstance(obj, functools._lru_cache_wrapper):
        name = getattr(obj, "__name__", "f")
        raise NotDifferentiableError(
            f"{mode} of `{name}`, a functools.lru_cache/cache wrapper: a call returns the value stored for "
            "arguments seen before (computed with the globals of that time), which s2sad would not run. "
            f"Differentiate the function it caches, `{name}.__wrapped__`, when its result depends on its "
            "arguments alone.")
    if callable(obj):
        call = getattr(type(obj), "__call__", None)
        assumed.append(("call", obj, type(obj), inspect.getattr_static(type(obj), "__call__", None)))
        if isinstance(inspect.getattr_static(type(obj), "__call__", None), (staticmethod, classmethod)):
            return _unwrap(call, mode, partials, assumed)     # obj(x) is g(x) (staticmethod), g(type(obj), x): no self
        if isinstance(call, types.FunctionType):
            return _unwrap(types.MethodType(call, obj), mode, partials, assumed)
        raise NotDifferentiableError(f"{mode} of {obj!r}: this callable has no Python source s2sad can "
                                     "read. Differentiate a function written with `def`.")
    raise ArgumentError(f"{mode} expects a function, got {_describe(obj)}.")


def _describe(obj):
    text = repr(obj)
    text = text if len(text) <= 60 else text[:57] + "..."
    return f"{text} (of type {type(obj).__name__})"


def _c_name(obj):
    import numpy as np
    name = getattr(obj, "__name__", None) or repr(obj)
    for prefix, module in (("np.", np), ("np.linalg.", np.linalg), ("math.", __import__("math"))):
        if getattr(module, name, None) is obj:
            return prefix + name
    return name


def _is_numba_dispatcher(obj):
    return type(obj).__module__.startswith("numba") and isinstance(getattr(obj, "py_func", None),
                                                                    types.FunctionType)


def _is_c_callable(obj):
    import numpy as np
    return isinstance(obj, np.ufunc) or type(obj).__name__ in ("_ArrayFunctionDispatcher", "cython_function_or_method")


def same_kwdefaults(kwdefaults, pairs):
    """Does ``kwdefaults`` (a dict or None) hold exactly the (name, value) ``pairs``, the same objects?"""
    kwdefaults = kwdefaults or {}
    return len(kwdefaults) == len(pairs) and all(kwdefaults.get(k, pairs) is v for k, v in pairs)


def _visible_signature(params, keywords):
    """The caller's signature: ``params`` (after the fixed ones), where a parameter bound by
    keyword gets that value as default and it and the later ones become keyword-only (as
    ``inspect.signature`` of a ``functools.partial``)."""
    out, keyword_only = [], False
    for p in params:
        if p.name in keywords:
            p, keyword_only = p.replace(default=keywords[p.name]), True
        if keyword_only and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD):
            p = p.replace(kind=p.KEYWORD_ONLY)
        out.append(p)
    return inspect.Signature(out)


def _transparent(wrapper):
    """Does ``wrapper`` only return ``wrapped(*args, **kwargs)``, unchanged? The name it calls
    ``wrapped`` through (a closure variable or a global), or None."""
    try:
        text = textwrap.dedent(inspect.getsource(wrapper.__code__))
        fdef = next(n for n in ast.walk(ast.parse(text)) if isinstance(n, ast.FunctionDef)
                    and n.name == wrapper.__code__.co_name)
    except (OSError, TypeError, SyntaxError, StopIteration):
        return False
    a = fdef.args
    if a.args or a.posonlyargs or a.kwonlyargs or not a.vararg or not a.kwarg:
        return False
    body = [s for s in fdef.body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))]
    if len(body) != 1 or not isinstance(body[0], ast.Return) or not isinstance(body[0].value, ast.Call):
        return False
    call = body[0].value
    passes_all = (len(call.args) == 1 and isinstance(call.args[0], ast.Starred)
                  and isinstance(call.args[0].value, ast.Name) and call.args[0].value.id == a.vararg.arg
                  and len(call.keywords) == 1 and call.keywords[0].arg is None
                  and isinstance(call.keywords[0].value, ast.Name) and call.keywords[0].value.id == a.kwarg.arg)
    if passes_all and isinstance(call.func, ast.Name) and _free_value(wrapper, call.func.id) is wrapper.__wrapped__:
        return call.func.id
    return None


def seen_through(obj):
    """[(where a transparent wrapper reads the function it calls, that function)] along the chain
    of wrappers ``frontend/resolve`` sees through from ``obj`` (a ``scopes.Origin`` each: the
    wrapper's closure cell or global). A build that saw through them depends on them: rebinding
    that name (``IMPL = other``) changes what calling the wrapper runs."""
    from .scopes import Origin
    out = []
    while isinstance(obj, types.FunctionType) and callable(getattr(obj, "__wrapped__", None)):
        name = _transparent(obj)
        if not name:
            break
        code = obj.__code__
        if name in code.co_freevars:
            origin = Origin("cell", obj.__closure__[code.co_freevars.index(name)], name)
        else:
            origin = Origin("global", obj.__globals__, name)
        out.append((origin, obj.__wrapped__))
        obj = obj.__wrapped__
    return out


def _free_value(func, name):
    code = func.__code__
    if name in code.co_freevars:
        try:
            return func.__closure__[code.co_freevars.index(name)].cell_contents
        except ValueError:
            return None
    return func.__globals__.get(name)
