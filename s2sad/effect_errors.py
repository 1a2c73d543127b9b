"""Refusals of calls kept for their effect: ``effect_refusal`` names the call, the argument it
receives and the form that works instead (a new array, ``y[i] = x`` for ``np.put``, or, for a helper
of the user's that changes an argument in place, which argument and how: ``changed_argument``).
Re-exported by :mod:`s2sad.errors`, with whose ``unsupported`` they are built.

Invariant: each refusal names the user's file, line and column (``errors.unsupported``) and says
what to write instead.
"""
import re

from .errors import S2sadError, unsupported


HARMLESS_EFFECTS = {print}   # calls kept for their effect that change none of their arguments


def effect_refusal(src, stmt, fn, arg, what, out=None, as_written=None):
    """The refusal of ``stmt``, a call of ``fn`` kept only for its effect, which receives ``arg``
    (``what``: "the differentiated value", "the array"), with the form that works instead;
    ``out``: the argument the call writes its result into (``np.exp(x, c)``), if any;
    ``as_written``: a name as the user wrote it (``Namer.as_written``: an inlined helper's
    ``grow_xs`` is its ``xs``)."""
    import ast
    import types

    from . import astutil as A
    helper = isinstance(fn, types.FunctionType) and not _library(fn)
    # a nested def is called by its lifted name: the user knows it by its own
    call = fn.__name__ if helper else A.dotted_path(stmt.value.func) or ast.unparse(stmt.value.func)
    changed = changed_argument(fn, stmt.value) if helper else None
    if changed is not None:   # the helper's own code says which argument it changes
        return _helper_change_refusal(src, stmt, call, changed)
    entry = _dict_entry_method(src, stmt)
    if entry is not None:
        return entry
    func = stmt.value.func
    if not helper and isinstance(func, ast.Attribute) and func.attr == "extend" and isinstance(func.value, ast.Name):
        lst = (as_written or str)(func.value.id)   # (list_extend.py turns an extend by a display into appends)
        return unsupported(src, stmt, f"`{lst}.extend(...)` here: s2sad follows an extend by a display "
                           f"(`{lst}.extend([a, b])`) of a list made in the function by a display (or given to a helper "
                           "as one), and, in the function differentiated, by another such list no other name holds, "
                           "which it turns into appends; not other extends", _extend_advice(lst, stmt.value))
    advice = (_helper_advice(call, stmt.value, arg) if helper else _effect_advice(stmt.value, out, fn))
    return unsupported(src, stmt, f"`{call}(...)` here: its result is discarded and it receives {what} "
                       f"`{arg}`, which it may store or change where s2sad cannot follow (like list.append)",
                       advice)


def _extend_advice(lst, call):
    """What to write instead of ``lst.extend(...)``: when it already extends by a display, the
    list itself was not made by one (``[a] * 3``, ``list(...)``, a comprehension)."""
    import ast
    if call.args and isinstance(call.args[0], (ast.List, ast.Tuple)):
        return (f"Append the items instead (`{lst}.append(a)`, one call each), or make `{lst}` by one display "
                f"(`{lst} = [a, a, a]`; `[a] * 3`, `list(...)` and comprehensions are not displays).")
    return (f"Extend by a display (`{lst}.extend([a, b])`), or, in the function differentiated (not in a "
            f"helper), by a list it makes (`ys = [...]`, then `{lst}.extend(ys)`) or append the items in a "
            f"loop (`for v in items: {lst}.append(v)`).")


def _dict_entry_method(src, stmt):
    """The refusal of ``d['k'].append(v)`` (a list held in a dict entry, which the dict stage made a
    name the user never wrote), or None for a call on a name of the user's."""
    import ast
    func = stmt.value.func
    lineno = getattr(stmt, "lineno", 0)
    line = src.lines[lineno - 1] if src is not None and 0 < lineno <= len(src.lines) else ""
    if not (isinstance(func, ast.Attribute) and func.attr in MUTATORS and isinstance(func.value, ast.Name)) \
            or re.search(rf"\b{re.escape(func.value.id)}\b", line) \
            or not re.search(rf"\]\s*\.\s*{func.attr}\s*\(", line):
        return None
    return unsupported(src, stmt, f"`.{func.attr}(...)` on a list held in a dict entry (s2sad follows a list "
                       "changed in place only in a variable of its own)",
                       f"Build the list in a variable (`vs = []`, `vs.{func.attr}(...)`) and put it in the dict "
                       "afterwards (`d = {'k': vs}`).")


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


_MODULE_FORMS = {"put": "{v}[{i}] = {x}", "copyto": "{v}[...] = {i}",
                 "putmask": "{v} = np.where({i}, np.resize({x}, np.shape({v})), {v})"}  # (putmask repeats x over v)


def _sort_advice(call):
    """``xs.sort(reverse=..., key=...)``: list.sort's keywords, which ``np.sort`` (and an array's
    ``sort``) does not take: the list form ``sorted``, and NumPy's descending sort for an array."""
    import ast
    v = ast.unparse(call.func.value)
    kw = ", ".join(f"{k.arg}={ast.unparse(k.value)}" for k in call.keywords)
    array = f"`{v} = np.sort({v})[::-1]`" if not any(k.arg == "key" for k in call.keywords) else \
        f"`{v} = {v}[np.argsort(key_values)]` with the keys computed as an array"
    return (f"Make a new list instead of changing `{v}` in place: `{v} = sorted({v}, {kw})` (s2sad follows "
            f"it); for an array, whose `sort` takes no `{call.keywords[0].arg}=` (Python raises TypeError "
            f"there), {array}.")


def _effect_advice(call, out=None, fn=None):
    """What to write instead of a call kept for its effect on an array: the result assigned
    (``out=``), the function returning a new array (``y.sort()``), the elements assigned
    (``np.put(y, idx, v)``: the array is the first argument of a NumPy function), else elements
    assigned into a new array."""
    import ast

    from . import astutil as A
    path = A.dotted_path(call.func) or ast.unparse(call.func)
    out = next((k.value for k in call.keywords if k.arg == "out"), out)
    if getattr(call.func, "attr", None) == "shuffle" and len(call.args) == 1:   # (frontend/shuffles.py)
        a, gen = ast.unparse(call.args[0]), path.rsplit(".", 1)[0]
        return (f"s2sad follows the shuffle of an array made in the function, without axis=: `b = np.array({a})`, "
                f"then `{gen}.shuffle(b)`; or index with a permutation: `{a} = [{a}[i] for i in "
                f"{gen}.permutation(len({a}))]`.")
    if out is not None:
        kept = ", ".join([ast.unparse(a) for a in call.args if a is not out] + [
            f"{k.arg}={ast.unparse(k.value)}" for k in call.keywords if k.arg not in ("out", "where")])
        target = ast.unparse(out)
        where = next((k.value for k in call.keywords if k.arg == "where"), None)
        if where is not None:   # without out=, where= leaves the other elements uninitialised
            return f"Assign the result instead of passing out=: `{target} = np.where({ast.unparse(where)}, " \
                   f"{path}({kept}), {target})`."
        return f"Assign the result instead of passing out=: `{target} = {path}({kept})`."
    ufunc = getattr(fn, "__self__", None)
    if type(ufunc).__name__ == "ufunc" and getattr(fn, "__name__", None) == "at" and len(call.args) == 3:
        a, i, v = (ast.unparse(x) for x in call.args)
        return (f"s2sad follows np.add.at, np.subtract.at, np.multiply.at, np.maximum.at, np.minimum.at, np.fmax.at "
                f"and np.fmin.at; write this one as the loop NumPy runs, one "
                f"index after the other: `for k in range(len({i})): {a}[{i}[k]] = np.{ufunc.__name__}("
                f"{a}[{i}[k]], {v}[k])` (with a 1-d index array; `{v}` itself if it is a number).")
    if (getattr(fn, "__module__", None) or "").partition(".")[0] == "numpy" and isinstance(call.func, ast.Attribute):
        name = call.func.attr   # np.put(y, ...): a function of NumPy's, not a method of an array
        if name in _MODULE_FORMS and len(call.args) == 3 - (name == "copyto") and not call.keywords:
            v, i, x = ([ast.unparse(a) for a in call.args] + [""])[:3]
            return f"Assign the elements instead: `{_MODULE_FORMS[name].format(v=v, i=i, x=x)}`."
    elif isinstance(call.func, ast.Attribute) and call.func.attr == "sort" and call.keywords \
            and {k.arg for k in call.keywords} & {"reverse", "key"}:
        return _sort_advice(call)
    elif isinstance(call.func, ast.Attribute) and call.func.attr in _NEW_ARRAY_FORMS:
        v = ast.unparse(call.func.value)
        a = "".join(f", {ast.unparse(x)}" for x in call.args) + "".join(
            f", {k.arg}={ast.unparse(k.value)}" for k in call.keywords)
        return (f"Make a new array instead of changing `{v}` in place: "
                f"`{_NEW_ARRAY_FORMS[call.func.attr].format(v=v, a=a)}`.")
    return "Allocate an array with np.zeros(n) and assign its elements: `ys[i] = value`."
