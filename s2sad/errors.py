"""Errors raised to users. Every message names the place in the user's source
(file, line, column), quotes the line and says what to do instead (the advice: errors_advice.py)."""
from .error_places import inlined_name
from .errors_advice import KEYWORD_INSTEAD, instead


class S2sadError(Exception):
    """Base class of every error s2sad raises on purpose."""


class UnsupportedSyntaxError(S2sadError):
    """The function uses a construct s2sad cannot differentiate."""


class NoDerivativeError(S2sadError):
    """A differentiable value flows into a function with no derivative rule."""


class NonScalarOutputError(S2sadError):
    """``grad`` was asked for the gradient of a non-scalar output."""


class SourceUnavailableError(S2sadError):
    """The function's source code cannot be read (REPL, exec, builtin)."""


class NotDifferentiableError(S2sadError):
    """What was given to grad/value_and_grad/vjp is not something s2sad can differentiate
    (a builtin, a class, a non-callable, a gradient function, an opaque decorator...)."""


class ArgumentError(S2sadError, TypeError):
    """A gradient (or minimize, check_grad...) was called with arguments it cannot take:
    wrong number, unknown keyword, or a type it cannot differentiate (complex, None...)."""


class ShapeError(S2sadError, ValueError):
    """A value has a shape other than the one it must have (a head gradient ``dout``,
    the result of a custom derivative rule)."""


class OutputTypeError(S2sadError, TypeError):
    """The differentiated function returned something that is not a real number or array
    (None, a string, a list...)."""


class RuleError(S2sadError):
    """A custom derivative rule (``s2sad.adjoint``) is malformed."""


class AdjointFailedError(S2sadError, RuntimeError):
    """The generated derivative code raised an exception of its own (not an ``S2sadError``)
    on arguments where the function itself runs: no error of the user's explains it. It is
    s2sad's failure, reported at the user's line it came from rather than let through."""


class BuildFailedError(AdjointFailedError):
    """s2sad's compiler itself raised an exception of its own (not an ``S2sadError``) while it
    generated the derivative code: a bug in s2sad, reported as one rather than let through."""


class RefusedValuesError(S2sadError, ValueError):
    """A run-time check s2sad wrote into the generated code refused these values on purpose (an
    ``np.apply_along_axis`` whose ``f`` returns rows along another axis than the last, ``x.tolist()``
    of a matrix in a loop header): not a failure of s2sad's, so it is reported at the user's line
    with what to write instead (``emit.locate_run_time``), never as an ``AdjointFailedError``."""


class StaleAdjointError(S2sadError):
    """A raw adjoint was called after something it was built with changed."""


GENERATED = {}    # generated filename -> [(first line of a block, the user's location), ...]


def locate(src, node):
    """Return 'File "f.py", line 12, column 5, in func:\\n    <line>\\n    ^' for node; in code
    s2sad generated (an adjoint differentiated again), followed by the user's line it came from."""
    if src is None or node is None or not hasattr(node, "lineno"):
        return ""
    lineno = getattr(node, "lineno", 0)
    col = getattr(node, "col_offset", 0) + src.indent
    raw = src.lines[lineno - 1] if 0 < lineno <= len(src.lines) else ""
    text = raw.strip()
    caret = " " * (4 + max(col - (len(raw) - len(raw.lstrip())), 0)) + "^"
    above = [w for line, w in GENERATED.get(src.filename, ()) if line <= lineno]
    user = f"generated for {above[-1]}" if above else ""
    name = src.name if above else inlined_name(src, lineno)
    return (f'File "{src.filename}", line {lineno}, column {col + 1}, in {name}:\n'
            f"    {text}\n{caret}\n{user}")


def unsupported(src, node, what, instead):
    return UnsupportedSyntaxError(f"{locate(src, node)}s2sad cannot differentiate {what}. {instead}")


def keyword_param(name):
    """The ``blocked`` parameter (analyses/ir.py) of a keyword the rule does not take."""
    return f"the keyword `{name}=`"


def keyword_taken(param):
    """``order`` for ``keyword_param("order")``, else None."""
    import re
    m = re.fullmatch(r"the keyword `(\w+)=`", param or "")
    return m.group(1) if m else None


METHOD_ADVICE = ("s2sad follows the methods of `self` (in a bound method differentiated: "
                 "`s2sad.grad(model.loss)`) and of objects read as globals (`MODEL.f(x)`); of an object built "
                 "inside the function, only if it is a set of variables (bound once, only read by attribute or "
                 "called by method, never passed on, stored or returned; its classes, in the function's module, "
                 "define no attribute hooks; `__init__` (and `super().__init__`) only assigns attributes and "
                 "locals; methods only read, rebind and call on `self`, never themselves again; a call that "
                 "rebinds attributes stands in an assignment, expression or `return` of its own, not inside a "
                 "comprehension, conditional expression, `and`/`or` or a loop's test); not those of an "
                 "object passed in (nor their `super()`). Read the object as `self` or "
                 "a global, or write the method as a plain function of the arrays it reads "
                 "(`def loss(A, b, x)`) and call that.")
SCIPY_ADVICE = ("The scipy.stats forms s2sad differentiates: norm's logpdf, pdf, cdf, logcdf, sf and logsf; t's, "
                "gamma's, expon's, beta's, laplace's and logistic's logpdf and pdf; poisson's and binom's logpmf and "
                "pmf (a distribution frozen in the call or in a local bound once is read as those). Write another "
                "from the scipy.special and NumPy functions s2sad differentiates (`special.gammaln`, `special.xlogy`, "
                "`np.log1p`...).")


def refused_why(func, param):
    """`` (why)`` when the rule of ``func`` declares ``param`` refused with its reason
    (``registry.REFUSED``), else ''."""
    from .rules import registry
    try:
        rule = registry.lookup(func) if func is not None else None
    except TypeError:
        return ""
    why = rule.why_nondiff(param) if rule is not None else None
    return f" ({why[len(registry.REFUSED):]})" if why and why.startswith(registry.REFUSED) else ""


def no_derivative(src, node, fname, argname, param=None, method=None, func=None):
    """``method``: the bound method of a user's object the call resolved to (None otherwise);
    ``func``: the function called, when known (a keyword it does not take at all: ``_no_such_keyword``)."""
    where = locate(src, node)
    arg = named_argument(src, node, argname)
    keyword = keyword_taken(param)
    if keyword is not None and _takes(func, keyword) is False:
        return NoDerivativeError(_no_such_keyword(where, _callee(node) or fname, keyword))
    if keyword == "where" and type(func).__name__ == "ufunc":   # (with out=, frontend follows where=)
        call = f"np.{func.__name__}"
        return NoDerivativeError(
            f"{where}`{call}(..., where=...)` without `out=` leaves the entries where the condition is False "
            f"uninitialised (whatever was in memory: no value to differentiate), and {arg} depends on the inputs "
            f"being differentiated. Write `np.where(condition, {call}(...), fill)` with the value you mean there, "
            f"or pass `out=` a name holding it: `y = np.zeros_like(x)`, then `y = {call}(..., out=y, where=condition)`.")
    if keyword is not None:   # not a value reaching `order`: the rule has no `order=` at all
        return NoDerivativeError(
            f"{where}s2sad's rule for `{fname}` does not take the keyword `{keyword}=`, and {arg} "
            f"depends on the inputs being differentiated. Write the call without `{keyword}=` "
            f"(the same result with the keywords the rule takes, or plain operations), or register a "
            f"complete rule with @s2sad.adjoint({fname}).")
    if param is not None and param.isidentifier():
        return NoDerivativeError(
            f"{where}{arg} depends on the inputs being differentiated and reaches the parameter "
            f"`{param}` of `{fname}`, which s2sad's rule for `{fname}` does not differentiate{refused_why(func, param)}. Pass a "
            f"constant there, or register a complete rule with @s2sad.adjoint({fname}) (see "
            f"s2sad/rules/grads_elementwise.py for examples).")
    if param is not None and param.startswith("the whole number"):     # frontend/scipy_stats_forms.py
        return NoDerivativeError(
            f"{where}{arg} depends on the inputs being differentiated and is {param}: the function is "
            "defined at whole numbers only, so it has no derivative there (the continuous formula's would "
            "be a guess). Pass a value that does not depend on the differentiated inputs (data, a constant, "
            "a loop index), or differentiate with respect to the other arguments only (`wrt=`).")
    if param == "an index trick":       # np.c_[a, b], np.r_[0:2, a] (frontend/index_tricks.py)
        return NoDerivativeError(
            f"{where}{arg} depends on the inputs being differentiated and is an item of an index trick "
            "(`np.c_`, `np.mgrid`, `np.ogrid`, or `np.r_` with a range or a string), whose derivative s2sad "
            "does not follow. Join the values with np.concatenate, np.column_stack or np.stack instead.")
    if param == "a further positional argument":
        return NoDerivativeError(
            f"{where}`{fname}` is called with more positional arguments than s2sad's rule for it "
            f"takes, and {arg} depends on the inputs being differentiated. Pass only the arguments "
            "the rule covers.")
    if param is not None:
        plain = ("Unpack the columns into one name each (`xs, ys = zip(*pts)`), which s2sad follows, or build "
                 "each sequence with a comprehension (`xs = [p[0] for p in pts]`)"
                 if fname == "zip" else "Pass the values one by one as plain arguments (by position or by name)")
        return NoDerivativeError(
            f"{where}{arg} depends on the inputs being differentiated and reaches {param} of "
            f"`{fname}`, where s2sad cannot follow its derivative. {plain}.")
    unknown = unknown_callee(where, node, fname, arg, method, argname, src)
    if unknown is not None:
        return unknown
    callee = _callee(node)
    fname = called_name(node, fname)
    seq = argname if arg != "an argument" else None     # the user's own name, on their line
    return NoDerivativeError(f"{where}no derivative rule for `{fname}`, and {arg} depends on the inputs "
                             f"being differentiated. {instead(fname, callee, seq=seq)}")


def _takes(func, keyword):
    """Whether ``func`` accepts the keyword ``keyword=`` (None when its signature cannot be read)."""
    import inspect
    try:
        params = inspect.signature(func).parameters.values()
    except (TypeError, ValueError):
        return None
    return any(p.kind is p.VAR_KEYWORD or p.name == keyword and p.kind is not p.POSITIONAL_ONLY for p in params)


def _no_such_keyword(where, fname, keyword):
    """The refusal of a keyword the function itself does not take (Python raises TypeError there)."""
    instead = KEYWORD_INSTEAD.get((fname.rpartition(".")[2], keyword), f"Remove `{keyword}=`.")
    return (f"{where}`{fname}` has no keyword `{keyword}=`: the call raises TypeError in Python too, before "
            f"any derivative. {instead}")


def unknown_callee(where, node, fname, arg, method=None, argname=None, src=None):
    """The refusal of a call whose function no rule can name, the same in both modes (registering
    a rule is no fix there): a method of the user's object (``method``: the bound method), or a
    function held in a variable or a container (``ACT['relu'](h)``, ``f = np.sin if c else np.cos``),
    or one read from a differentiated value (``argname``: an object built from it, then called).
    None for any other call."""
    callee = _callee(node)
    if isinstance(method, type):
        return NoDerivativeError(
            f"{where}`{callee}(...)` builds an object of your class `{method.__name__}`, and {arg} depends on "
            f"the inputs being differentiated: s2sad follows numbers, arrays, lists, tuples and dicts, not "
            f"values kept in an object. {METHOD_ADVICE}")
    if method is not None and method.__name__ == "__call__" and "." not in (callee or "."):
        return NoDerivativeError(
            f"{where}`{callee}` is an object of class `{type(method.__self__).__name__}`, called through its "
            f"`__call__` method, and {arg} depends on the inputs being differentiated: {METHOD_ADVICE}")
    if method is not None and type(method.__self__).__module__.split(".")[0] == "scipy":
        return NoDerivativeError(
            f"{where}`{callee}` is SciPy's method `{type(method.__self__).__name__}.{method.__name__}`, which "
            f"s2sad has no derivative for, and {arg} depends on the inputs being differentiated. {SCIPY_ADVICE}")
    if method is not None:
        return NoDerivativeError(
            f"{where}`{callee}` is a method of an object of class `{type(method.__self__).__name__}`, and "
            f"{arg} depends on the inputs being differentiated: {METHOD_ADVICE}")
    if fname == "this call" and callee and argname in _callee_names(node):
        return NoDerivativeError(
            f"{where}`{callee}` is called, and the function called is read from "
            f"{'a value' if arg == 'an argument' else f'`{argname}`'}, which depends on "
            f"the inputs being differentiated (an object or a function built from them): s2sad follows "
            f"numbers, arrays, lists, tuples and dicts, not values kept in an object. {METHOD_ADVICE}")
    factory = getattr(src, "foreign_factories", {}).get(callee)    # (frontend/factory_calls.py)
    if fname == "this call" and callee and factory:
        return NoDerivativeError(
            f"{where}`{callee}` is the closure `{factory}` returns, and {arg} depends on the inputs being "
            f"differentiated: s2sad writes out a closure made in the function only by a factory of this "
            f"module, or of another whose code reads from its module only modules and builtins named the "
            f"same here (`np`); this one reads its module's own values. Make the closure outside the "
            f"function (a module global `LOSS = {factory.rpartition('.')[2]}(...)`, called `LOSS(x)`), or "
            f"differentiate it directly (`s2sad.grad({factory.rpartition('.')[2]}(...))`).")
    if fname == "this call" and callee:
        return NoDerivativeError(
            f"{where}`{callee}` is a function chosen while the code runs (held in a variable), and "
            f"{arg} depends on the inputs being differentiated: s2sad must know which function is "
            f"called to differentiate the call. Call each function by its name (for a few choices, "
            f"`if k == 0: h = np.tanh(h)` and so on); for a list of layers (callable objects), keep "
            f"their arrays in the list and call one function of yours: `for W, b in PARAMS: h = layer(W, b, h)`.")
    return None


def _callee_names(node):
    """The names the callee of the normalized call ``y = f(...)`` is read from."""
    import ast
    call = getattr(node, "value", None)
    return {n.id for n in ast.walk(call.func) if isinstance(n, ast.Name)} if isinstance(call, ast.Call) else set()


def user_method(fn):
    """``fn`` if it is a bound method of an object of the user's (a function defined in Python, not a
    classmethod) or a class of the user's (its ``__init__`` defined in Python: a dataclass, a class
    with ``__call__``), else None."""
    import types
    if isinstance(fn, type):
        init = getattr(fn, "__init__", None)
        return fn if isinstance(init, types.FunctionType) and not _library(init) else None
    call = getattr(type(fn), "__call__", None)     # an object of the user's called: its bound __call__
    if isinstance(call, types.FunctionType) and not _library(call):
        return fn.__call__
    return fn if isinstance(fn, types.MethodType) and not isinstance(fn.__self__, type) \
        and isinstance(fn.__func__, types.FunctionType) else None


def _library(fn):
    from .frontend.resolve import library_function
    return library_function(fn)


def nested_transform(src, node, fn, argname, forward=False):
    """The refusal of a differentiated value reaching a function s2sad made (``value_and_grad``,
    ``jvp``, a ``grad`` of several arguments...) that rules/derivative_calls.py has no rule for
    (``forward``: forward mode, which has none)."""
    arg = named_argument(src, node, argname)
    callee = _callee(node) or "it"
    inner = getattr(getattr(fn, "func", None), "__name__", "f")
    head = (f"{locate(src, node)}`{callee}` is s2sad's {getattr(fn, 'mode', 'transform')} of `{inner}`, called in "
            f"the function differentiated, and {arg} depends on the inputs being differentiated: ")
    only = (f"grad and jvp differentiate a gradient called there when it is `s2sad.grad({inner})` of one "
            f"argument (no has_aux, no fixed arguments; its derivative is a Hessian-vector product)")
    if forward:
        return NoDerivativeError(f"{head}forward mode (jvp, hvp, hessian) does not differentiate it; {only}: "
                                 f"use s2sad.grad of this function.")
    return NoDerivativeError(f"{head}{only}. Call `s2sad.grad({inner})` and `{inner}` separately, or "
                             f"differentiate the whole computation with s2sad.hessian / s2sad.hvp.")


def forward_instead(fname, node):
    """``errors_advice.instead`` for forward mode, of the call statement ``node``."""
    return instead(fname, _callee(node), forward=True)


def not_callable(src, node, func):
    """The refusal of a call whose callee is bound to something that is not a function
    (``helper = 3.0``): Python fails there too, so no rule could be the fix."""
    callee = _callee(node) or "the callee"
    kind = type(func).__name__
    return NoDerivativeError(f"{locate(src, node)}`{callee}` is {'None' if func is None else f'a `{kind}`'} "
                             f"({func!r:.40}), not a function: calling it fails in Python too (TypeError: "
                             f"'{kind}' object is not callable). Bind `{callee}` to the function you mean.")


def function_name(fn, default="this call"):
    """How a refusal names the function ``fn``: its ``__name__``, except a method of a NumPy ufunc,
    named with its ufunc (``np.add.reduce``: `reduce` alone names nothing the user can register)."""
    owner = getattr(fn, "__self__", None)
    if type(owner).__name__ == "ufunc" and type(owner).__module__ == "numpy":
        return f"np.{owner.__name__}.{fn.__name__}"
    return getattr(fn, "__name__", None) or str(fn or default)


def called_name(node, fname):
    """``fname`` (the called object's ``__name__``), or the callee as written on the line when that
    name is no Python name (``<lambda>`` behind ``np.vectorize``, 'this call')."""
    callee = _callee(node)
    return callee if callee and not fname.isidentifier() else fname


def _callee(node):
    """The function a normalized statement ``y = f(...)`` calls, as written (or None)."""
    import ast
    call = getattr(node, "value", None)
    return ast.unparse(call.func) if isinstance(call, ast.Call) else None


def named_argument(src, node, argname):
    """``its argument `x` `` when ``x`` is written on the user's line; a name s2sad made while
    normalizing the code (``t2``) means nothing to the user, so it is left out."""
    import re
    lineno = getattr(node, "lineno", 0)
    line = src.lines[lineno - 1] if src is not None and 0 < lineno <= len(src.lines) else ""
    if argname and re.search(rf"\b{re.escape(argname)}\b", line):
        return f"its argument `{argname}`"
    return "an argument"
