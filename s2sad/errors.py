"""Errors raised to users. Every message names the place in the user's source
(file, line, column), quotes the line and says what to do instead."""


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
    return (f'File "{src.filename}", line {lineno}, column {col + 1}, in {src.name}:\n'
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


METHOD_ADVICE = ("s2sad differentiates your own functions, not methods of your classes. Write the "
                 "method as a plain function of the arrays it reads (`def loss(A, b, x)`) and call that, "
                 "or differentiate the bound method itself (`s2sad.grad(model.loss)`).")


def no_derivative(src, node, fname, argname, param=None, method=None):
    """``method``: the bound method of a user's object the call resolved to (None otherwise)."""
    where = locate(src, node)
    arg = named_argument(src, node, argname)
    keyword = keyword_taken(param)
    if keyword is not None:   # not a value reaching `order`: the rule has no `order=` at all
        return NoDerivativeError(
            f"{where}s2sad's rule for `{fname}` does not take the keyword `{keyword}=`, and {arg} "
            f"depends on the inputs being differentiated. Write the call without `{keyword}=` "
            f"(the same result with the keywords the rule takes, or plain operations), or register a "
            f"complete rule with @s2sad.adjoint({fname}).")
    if param is not None and param.isidentifier():
        return NoDerivativeError(
            f"{where}{arg} depends on the inputs being differentiated and reaches the parameter "
            f"`{param}` of `{fname}`, which s2sad's rule for `{fname}` does not differentiate. Pass a "
            f"constant there, or register a complete rule with @s2sad.adjoint({fname}) (see "
            f"s2sad/rules/grads_elementwise.py for examples).")
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
        plain = ("Build each sequence with a comprehension instead (`xs = [p[0] for p in pts]`)"
                 if fname == "zip" else "Pass the values one by one as plain arguments (by position or by name)")
        return NoDerivativeError(
            f"{where}{arg} depends on the inputs being differentiated and reaches {param} of "
            f"`{fname}`, where s2sad cannot follow its derivative. {plain}.")
    unknown = unknown_callee(where, node, fname, arg, method)
    if unknown is not None:
        return unknown
    callee = _callee(node)
    fname = called_name(node, fname)
    return NoDerivativeError(f"{where}no derivative rule for `{fname}`, and {arg} depends on the inputs "
                             f"being differentiated. {_instead(fname, callee)}")


def unknown_callee(where, node, fname, arg, method=None):
    """The refusal of a call whose function no rule can name, the same in both modes (registering
    a rule is no fix there): a method of the user's object (``method``: the bound method), or a
    function held in a variable or a container (``ACT['relu'](h)``, ``f = np.sin if c else np.cos``).
    None for any other call."""
    callee = _callee(node)
    if method is not None:
        return NoDerivativeError(
            f"{where}`{callee}` is a method of an object of class `{type(method.__self__).__name__}`, and "
            f"{arg} depends on the inputs being differentiated: {METHOD_ADVICE}")
    if fname == "this call" and callee:
        return NoDerivativeError(
            f"{where}`{callee}` is a function chosen while the code runs (held in a variable), and "
            f"{arg} depends on the inputs being differentiated: s2sad must know which function is "
            f"called to differentiate the call. Call each function by its name (for a few choices, "
            f"`if k == 0: h = np.tanh(h)` and so on).")
    return None


def user_method(fn):
    """``fn`` if it is a bound method of an object of the user's (a function defined in Python, not a
    classmethod), else None."""
    import types
    return fn if isinstance(fn, types.MethodType) and not isinstance(fn.__self__, type) \
        and isinstance(fn.__func__, types.FunctionType) else None


_BUILTIN_INSTEAD = {
    "max": "For the largest of a list, write `np.max(np.array(xs))` (or the two-argument form "
           "`max(a, b)`, which s2sad differentiates).",
    "min": "For the smallest of a list, write `np.min(np.array(xs))` (or the two-argument form "
           "`min(a, b)`, which s2sad differentiates).",
    "sorted": "Sort with NumPy instead: `np.sort(np.array(xs))`.",
    "zip": "Loop over it where it is written (`for a, b in zip(xs, ys):`, also in a comprehension), "
           "which s2sad follows, or index the sequences (`xs[k]`, `ys[k]`).",
    "list": "Copy it with a comprehension, which s2sad follows: `[v for v in xs]` (or "
            "`[xs[k] for k in range(len(xs))]`); for an array, `xs.copy()` keeps an array.",
    "tuple": "Build it with a comprehension, which s2sad follows: `[v for v in xs]`, or keep the "
             "array itself (`xs`, or `xs.copy()`).",
    "map": "Write a comprehension, which s2sad follows: `[np.sin(v) for v in xs]` (for an array, "
           "call the NumPy function on the whole array: `np.sin(x)`).",
    "filter": "Write a comprehension with a condition, which s2sad follows: `[v for v in xs if v > 0]` "
              "(for an array, a mask: `x[x > 0]`).",
    "enumerate": "Loop over it where it is written (`for k, v in enumerate(xs):`, also in a "
                 "comprehension), which s2sad follows, or index the sequence (`xs[k]`).",
}


def nested_transform(src, node, fn, argname, forward=False):
    """The refusal of a differentiated value reaching a function s2sad made (``value_and_grad``,
    ``jvp``, a ``grad`` of several arguments...) that rules/derivative_calls.py has no rule for
    (``forward``: forward mode, which has none)."""
    arg = named_argument(src, node, argname)
    callee = _callee(node) or "it"
    inner = getattr(getattr(fn, "func", None), "__name__", "f")
    head = (f"{locate(src, node)}`{callee}` is s2sad's {getattr(fn, 'mode', 'transform')} of `{inner}`, called in "
            f"the function differentiated, and {arg} depends on the inputs being differentiated: ")
    only = (f"reverse mode differentiates a gradient called there when it is `s2sad.grad({inner})` of one "
            f"argument (no has_aux, no fixed arguments; its derivative is a Hessian-vector product)")
    if forward:
        return NoDerivativeError(f"{head}forward mode (jvp, hvp, hessian) does not differentiate it; {only}: "
                                 f"use s2sad.grad of this function.")
    return NoDerivativeError(f"{head}{only}. Call `s2sad.grad({inner})` and `{inner}` separately, or "
                             f"differentiate the whole computation with s2sad.hessian / s2sad.hvp.")


def _instead(fname, callee, forward=False):
    """What to write instead of a call with no rule (``forward``: no tangent rule): a builtin's
    form s2sad follows, else the rule to register."""
    import builtins
    if fname in _BUILTIN_INSTEAD and getattr(builtins, fname, None) is not None and callee == fname:
        return _BUILTIN_INSTEAD[fname]
    if forward:
        return (f"Register one with @s2sad.tangent({fname}) (see s2sad/rules/tangents.py for examples), or "
                f"mark it with s2sad.nondifferentiable({fname}) if its derivative is zero.")
    return (f"Register a rule with @s2sad.adjoint({fname}) (see s2sad/rules/grads_elementwise.py for "
            f"examples), or mark it with s2sad.nondifferentiable({fname}) if its derivative is zero.")


def forward_instead(fname, node):
    """``_instead`` for forward mode, of the call statement ``node``."""
    return _instead(fname, _callee(node), forward=True)


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


HARMLESS_EFFECTS = {print}   # calls kept for their effect that change none of their arguments


def effect_refusal(src, stmt, fn, arg, what, out=None):
    """The refusal of ``stmt``, a call of ``fn`` kept only for its effect, which receives ``arg``
    (``what``: "the differentiated value", "the array"), with the form that works instead;
    ``out``: the argument the call writes its result into (``np.exp(x, c)``), if any."""
    import ast
    import types

    from . import astutil as A
    helper = isinstance(fn, types.FunctionType) and not _library(fn)
    # a nested def is called by its lifted name: the user knows it by its own
    call = fn.__name__ if helper else A.dotted_path(stmt.value.func) or ast.unparse(stmt.value.func)
    changed = changed_argument(fn, stmt.value) if helper else None
    if changed is not None:   # the helper's own code says which argument it changes
        return _helper_change_refusal(src, stmt, call, changed)
    advice = (_helper_advice(call, stmt.value, arg) if helper else _effect_advice(stmt.value, out, fn))
    return unsupported(src, stmt, f"`{call}(...)` here: its result is discarded and it receives {what} "
                       f"`{arg}`, which it may store or change where s2sad cannot follow (like list.append)",
                       advice)


MUTATORS = {"append", "extend", "insert", "pop", "remove", "clear", "sort", "reverse", "fill", "resize",
            "put", "itemset", "setfield", "update", "setdefault", "popitem", "add", "discard"}


def changed_argument(fn, call):
    """(parameter, what the call passes for it, captured?, the arguments the user wrote) for
    the first parameter the helper ``fn`` changes in place (``p[i] = v``, ``p op= v``,
    ``p.append(v)``); captured: an enclosing local a nested def reads (``frontend/lift.py``
    passes it as a last parameter). None if its source shows none."""
    import ast

    from .frontend.parsing import parse_function
    try:
        tree = parse_function(fn).tree
    except S2sadError:
        return None
    params = [a.arg for a in tree.args.args]
    passed = dict(zip(params, call.args)) | {k.arg: k.value for k in call.keywords if k.arg}
    captured = getattr(fn, "__s2sad_captured__", ())
    written = [ast.unparse(a) for p, a in zip(params, call.args) if p not in captured]
    for strong in (True, False):   # element writes and mutating methods first, then `p op= v`
        for node in ast.walk(tree):
            target = _changed_name(node, strong)
            if target in passed:
                return target, ast.unparse(passed[target]), target in captured, written
    return None


def _changed_name(node, strong):
    """The name ``node`` changes in place: ``p[i] = v``, ``p.append(v)`` (strong), ``p op= v``."""
    import ast
    target = None
    if strong and isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Subscript):
        target = node.targets[0]
    elif strong and isinstance(node, ast.AugAssign) and not isinstance(node.target, ast.Name):
        target = node.target
    elif strong and isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
            and node.func.attr in MUTATORS:
        target = node.func.value
    elif not strong and isinstance(node, ast.AugAssign):
        target = node.target
    while isinstance(target, (ast.Subscript, ast.Attribute)):
        target = target.value
    return target.id if isinstance(target, ast.Name) else None


def _helper_change_refusal(src, stmt, name, changed):
    import re
    param, arg, captured, user_args = changed
    lineno = getattr(stmt, "lineno", 0)
    line = src.lines[lineno - 1] if src is not None and 0 < lineno <= len(src.lines) else ""
    if not all(re.search(rf"\b{re.escape(a)}\b", line) for a in user_args):
        user_args = ["..."]     # a name s2sad made while normalizing means nothing to the user
    if captured:
        return unsupported(src, stmt, f"`{name}(...)` here: it changes `{param}` of the enclosing function in "
                           "place (which s2sad follows only through what a helper returns), and its result "
                           "is discarded",
                           f"Pass `{param}` to `{name}` as an argument, end `{name}` with `return {param}`, and "
                           f"assign the call (`{param} = {name}({', '.join(user_args + [param])})`).")
    said = f"its argument `{arg}`" if re.search(rf"\b{re.escape(arg)}\b", line) else "an argument"
    return unsupported(src, stmt, f"`{name}(...)` here: it changes {said} in place (its parameter `{param}`), "
                       "which s2sad follows only through what a helper returns, and its result is discarded",
                       f"End `{name}` with `return {param}` and assign the call "
                       f"(`{arg if said != 'an argument' else param} = {name}({', '.join(user_args)})`).")


def _library(fn):
    """A function of s2sad, NumPy, SciPy, the standard library or another installed package
    (frontend.resolve.library_function: decided by where its file lies), not one of the user's."""
    from .frontend.resolve import library_function
    root = (getattr(fn, "__module__", None) or "").partition(".")[0]
    return root in {"numpy", "scipy", "s2sad"} or library_function(fn)


def _helper_advice(name, call, arg):
    """A helper of the user's called for its effect on an array: s2sad follows what helpers return."""
    import ast
    args = ", ".join(ast.unparse(a) for a in call.args)
    return (f"s2sad follows a helper through what it returns: end `{name}` with `return` of the array it "
            f"changes and assign the call (`{arg} = {name}({args})`), or build a new array in it.")


_NEW_ARRAY_FORMS = {"sort": "{v} = np.sort({v}{a})", "fill": "{v} = np.full_like({v}{a})",
                    "put": "{v}[idx] = values", "partition": "{v} = np.sort({v})", "clip": "{v} = np.clip({v}{a})",
                    "resize": "{v} = np.resize({v}{a})"}


_MODULE_FORMS = {"put": "{v}[{i}] = {x}", "copyto": "{v}[...] = {i}"}


def _effect_advice(call, out=None, fn=None):
    """What to write instead of a call kept for its effect on an array: the result assigned
    (``out=``), the function returning a new array (``y.sort()``), the elements assigned
    (``np.put(y, idx, v)``: the array is the first argument of a NumPy function), else elements
    assigned into a new array."""
    import ast

    from . import astutil as A
    path = A.dotted_path(call.func) or ast.unparse(call.func)
    out = next((k.value for k in call.keywords if k.arg == "out"), out)
    if out is not None:
        kept = ", ".join([ast.unparse(a) for a in call.args if a is not out] + [
            f"{k.arg}={ast.unparse(k.value)}" for k in call.keywords if k.arg != "out"])
        target = ast.unparse(out)
        return f"Assign the result instead of passing out=: `{target} = {path}({kept})`."
    if (getattr(fn, "__module__", None) or "").partition(".")[0] == "numpy" and isinstance(call.func, ast.Attribute):
        name = call.func.attr   # np.put(y, ...): a function of NumPy's, not a method of an array
        if name in _MODULE_FORMS and len(call.args) == 3 - (name == "copyto") and not call.keywords:
            v, i, x = ([ast.unparse(a) for a in call.args] + [""])[:3]
            return f"Assign the elements instead: `{_MODULE_FORMS[name].format(v=v, i=i, x=x)}`."
    elif isinstance(call.func, ast.Attribute) and call.func.attr in _NEW_ARRAY_FORMS:
        v = ast.unparse(call.func.value)
        a = "".join(f", {ast.unparse(x)}" for x in call.args) + "".join(
            f", {k.arg}={ast.unparse(k.value)}" for k in call.keywords)
        return (f"Make a new array instead of changing `{v}` in place: "
                f"`{_NEW_ARRAY_FORMS[call.func.attr].format(v=v, a=a)}`.")
    return "Allocate an array with np.zeros(n) and assign its elements: `ys[i] = value`."
