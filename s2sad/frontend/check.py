"""Stage 1b, check: reject constructs s2sad cannot differentiate, with a clear
message that names the line and says what to write instead."""
import ast
import builtins

from .. import astutil as A
from ..errors import unsupported

UNSUPPORTED = {
    ast.Try: (("a `try` statement that leaves its block other than by its end or an exception (`return`, "
               "`break`, `continue`, `yield`), defines a function or class, declares `global`/`nonlocal`, or "
               "whose `finally` raises"), ("Move error handling outside the differentiated function, or let "
                                           "the `try` end normally and return after it.")),
    ast.With: ("a `with` statement", "Move the `with` block outside the differentiated function "
               "(a `with np.errstate(...)` whose settings are all \"ignore\", \"warn\" or \"print\" is read through)."),
    ast.AsyncWith: ("an `async with` statement", "Use a plain function."),
    ast.AsyncFor: ("an `async for` loop", "Use a plain `for` loop."),
    ast.Lambda: ("a lambda used as a value inside the function",
                 "Assign it to a name on a line of its own (`g = lambda t: ...`) and call it, or use `def`."),
    ast.ClassDef: ("a class definition inside the function",
                   "Define the class at module level: s2sad follows an object built in the function from a "
                   "class of its module (`h = Holder(x * 2)`, then `h.v`, `h.energy()`) and dataclasses and "
                   "namedtuples; or keep the values in a tuple or a dict."),
    ast.FunctionDef: ("a nested function definition",
                      "Define the helper at module level; s2sad differentiates calls to it."),
    ast.AsyncFunctionDef: ("an async function", "Use a plain function."),
    ast.Global: ("a `global` statement", "Pass the value as an argument and return the result; for state "
                 "the function updates as it runs (running statistics, counters), return the new values "
                 "beside the result with grad(f, has_aux=True) (`return loss, new_mean`) and store them "
                 "after the call."),
    ast.Nonlocal: ("a `nonlocal` statement", "Pass the value as an argument and return the result."),
    ast.Yield: ("a generator (`yield`)", "Return an array or a tuple instead."),
    ast.YieldFrom: ("a generator (`yield from`)", "Return an array or a tuple instead."),
    ast.Await: ("`await`", "Use a plain function."),
    ast.DictComp: ("a dict comprehension over values not known when the code is read (s2sad follows dicts "
                   "whose keys are constants: a comprehension over constants written in the code, or over a "
                   "local list of them bound once at the top and never changed)",
                   "Write the dict out with constant keys (`{'a': ..., 'b': ...}`), loop over a list of "
                   "constant keys written in the function (`names = ['a', 'b']`), or use a list or an "
                   "array indexed by integers."),
    ast.Delete: ("a `del` statement", "Remove the `del`; reassign the variable instead "
                 "(a `del name` that no later read can follow is dropped)."),
    ast.Import: ("an import inside the function", "Import at module level."),
    ast.ImportFrom: ("an import inside the function", "Import at module level."),
    ast.Match: ("a `match` statement with sequence, mapping or class patterns (or a capture under `|`, "
                "or a guard after a capture that may fail)",
                "Compare values in the cases (`case 0 | 1:`, `case Mode.FAST:`, `case None:`, `case _:`), "
                "match a tuple written out with flat sequence patterns (`match (a, b):` with "
                "`case (0, v) if v > 1:`), or use `if`/`elif`/`else`."),
    ast.NamedExpr: ("an assignment expression (`:=`)", "Assign on a line of its own."),
}


TRY_INLINED = (("a `try` statement given values that depend on the inputs being differentiated, or arrays "
                "written into, or under jit=True (s2sad runs a `try` as Python does only where it computes "
                "constants of the derivative, and only with jit=False)"),
               ("Compute the differentiated values after the `try` (`try: lr = CFG['lr']` / `except KeyError: "
                "lr = 0.1`, then `y = lr * x`), check for errors before the differentiated function runs, "
                "or use jit=False."))


if hasattr(ast, "TryStar"):     # Python 3.11+: `except*`
    UNSUPPORTED[ast.TryStar] = ("a `try` statement with `except*` (exception groups)",
                                "Move error handling outside the differentiated function.")


def check_function(src, fdef):
    """Raise UnsupportedSyntaxError at the first construct s2sad cannot handle."""
    if isinstance(fdef, ast.AsyncFunctionDef):    # its call returns a coroutine, not the value
        raise unsupported(src, fdef, "an async function (`async def`)",
                          "Write the computation as a plain `def` and call it from your async code.")
    args = fdef.args
    if args.vararg or args.kwarg or args.posonlyargs:
        raise unsupported(src, fdef, "*args, **kwargs or positional-only parameters",
                          "Use plain positional parameters.")
    positional_keyword_only(fdef)
    _free_dict_writes(src, fdef)
    if getattr(fdef, "_s2sad_try_block", False):       # frontend/try_blocks.py: inlined, so refused
        raise unsupported(src, fdef.body[0], *TRY_INLINED)
    for stmt in fdef.body:
        for node in ast.walk(stmt):
            entry = UNSUPPORTED.get(type(node))
            if entry:
                raise unsupported(src, node, *entry)
            if isinstance(node, ast.Starred) and not _starred_argument(node, stmt):
                raise unsupported(src, node, "a starred expression (`*xs`) outside a call", _starred_advice(node))
            if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                raise unsupported(src, node, *_attribute_store(node))
    _namespace_reads(src, fdef)
    _shadowed_builtins(src, fdef)


# builtins that read the namespace of the frame or module calling them: in the generated code
# that is s2sad's function and module, not the user's (True: only when called without arguments)
NAMESPACE_BUILTINS = {"globals": False, "locals": False, "eval": False, "exec": False, "vars": True, "dir": True}


def _namespace_reads(src, fdef):
    """Refuse ``globals()``, ``locals()``, ``vars()``, ``dir()``, ``eval``, ``exec`` naming Python's
    builtins: they read the namespace of the code that runs them, and the derivative runs in
    generated code whose globals and locals are s2sad's (``"K" in globals()`` was False there,
    ``len(locals())`` counted s2sad's temporaries: a wrong gradient without a word)."""
    local = set(A.assigned_locals(fdef)) | {a.arg for a in fdef.args.args + fdef.args.kwonlyargs}
    calls = {id(n.func): n for n in ast.walk(fdef) if isinstance(n, ast.Call)}
    for node in ast.walk(fdef):
        if not (isinstance(node, ast.Name) and node.id in NAMESPACE_BUILTINS and node.id not in local):
            continue
        call = calls.get(id(node))
        if NAMESPACE_BUILTINS[node.id] and call is not None and (call.args or call.keywords):
            continue                     # vars(obj), dir(obj): the object's own attributes
        try:
            obj = src.lookup(node.id)
        except KeyError:
            continue
        if obj is getattr(builtins, node.id):
            raise unsupported(src, node, f"`{node.id}` here (it reads the namespace of the code running it, and "
                              "the derivative runs in code s2sad generates, with other globals and locals)",
                              "Name the global or local variable itself (`K` rather than `globals()['K']`), "
                              "or pass the value as an argument.")


# builtins later stages recognise by their names where they are called (loops over ``zip(...)``,
# ``len`` of a list, ``list(...)`` copies, ``sum`` of a generator, ``print`` statements ...); the
# others (``abs``, ``max``, ``round`` ...) are resolved by object, so a user's own is inlined as a helper
NAME_MATCHED = frozenset({"zip", "enumerate", "range", "reversed", "map", "filter", "iter", "next", "len", "list",
                          "tuple", "dict", "set", "sorted", "sum", "isinstance", "super", "getattr", "print",
                          "type", "id"})


def _shadowed_builtins(src, fdef):
    """Refuse a call of a builtin's name that stages recognise by name (``NAME_MATCHED``: ``zip``,
    ``range``, ``enumerate``, ``len`` ...) when the function reads the name as something else: a
    module function of the user's, a closure variable, or a local. A ``for`` over ``zip(...)`` is
    lowered as Python's ``zip``, so a module's own ``zip`` that swapped its pairs was
    differentiated as the builtin: a wrong gradient without a word. NumPy's, math's and SciPy's
    functions of those names (``from numpy import *``: ``sum``) are followed by their rules,
    found by the object; a ``print(...)`` statement of another print (rich's) is a statement alike."""
    local = set(A.assigned_locals(fdef)) | {a.arg for a in fdef.args.args + fdef.args.kwonlyargs}
    printed = {id(n.value.func) for n in ast.walk(fdef) if isinstance(n, ast.Expr) and isinstance(n.value, ast.Call)
               and isinstance(n.value.func, ast.Name) and n.value.func.id == "print"}
    for call in ast.walk(fdef):
        node = getattr(call, "func", None) if isinstance(call, ast.Call) else None
        if not isinstance(node, ast.Name) or node.id not in NAME_MATCHED or id(node) in printed:
            continue
        if node.id in local:
            raise unsupported(src, node, f"a call of the local variable `{node.id}`, which has the name of Python's "
                              f"builtin `{node.id}` (s2sad reads that name as the builtin)",
                              f"Give the variable another name (`my_{node.id}`).")
        try:
            obj = src.lookup(node.id)
        except KeyError:
            continue
        if obj is not getattr(builtins, node.id) and not _library_function(obj):
            raise unsupported(src, node, f"`{node.id}` here, which is not Python's builtin `{node.id}` but "
                              f"{_described(obj)} (s2sad reads the name `{node.id}` as the builtin)",
                              f"Give your function another name (`my_{node.id}`) and call it by that name.")


def _library_function(obj):
    """NumPy's, SciPy's and math's functions, which s2sad follows by their rules (star imports)."""
    module = getattr(obj, "__module__", None) or type(obj).__module__ or ""
    return module.split(".")[0] in ("numpy", "scipy", "math")


def _described(obj):
    module, name = getattr(obj, "__module__", None), getattr(obj, "__qualname__", None)
    return f"`{module}.{name}`" if module and name else f"a {type(obj).__name__}"


def _attribute_store(node):
    """What and advice for ``obj.attr = ...``: the object's state would change while the function
    runs (a counter, a cache), which a gradient of the values cannot follow."""
    what = (f"assignment to an attribute (`{ast.unparse(node)}`): it changes an object's state while the "
            "function runs (a counter, a cache, a running estimate), and s2sad follows values, not an object's "
            "state, so it could neither make that change as the function does nor prove right a gradient "
            "that reads it")
    advice = ("Keep the state outside the differentiated function: assign to a local variable and return it "
              "(`return loss, n + 1` with `has_aux=True`), and store it on the object after the call.")
    return what, advice


def _starred_advice(node):
    if isinstance(node.value, ast.Call):    # (frontend/starred_targets.py: not where order may change)
        return (f"Bind `{ast.unparse(node.value)}` to a name on the line before (`items = ...`) and "
                "spread that, so nothing else in the line runs first; or write the elements out.")
    return "Write the elements out, or pass `*xs` as call arguments."


def _free_dict_writes(src, fdef):
    """Refuse a write into a dict held by a global or closure variable that the function also
    reads: s2sad follows the entries of dict parameters and locals (as variables), not of a dict
    the function shares with its scope, whose adjoint would be taken for an array's."""
    local = set(A.assigned_locals(fdef))
    uses = {}
    for node in ast.walk(fdef):
        if isinstance(node, ast.Name) and node.id not in local:
            uses.setdefault(node.id, []).append(node)
    for node in ast.walk(fdef):
        if not (isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Store)
                and isinstance(node.value, ast.Name) and node.value.id in uses):
            continue
        name = node.value.id
        try:
            obj = src.lookup(name)
        except KeyError:
            continue
        written = sum(1 for n in ast.walk(fdef) if isinstance(n, ast.Subscript) and isinstance(n.ctx, ast.Store)
                      and isinstance(n.value, ast.Name) and n.value.id == name)
        if isinstance(obj, dict) and len(uses[name]) > written:
            where = "closure variable" if name in src.cells else "global"
            raise unsupported(src, node, f"a write into `{name}`, a dict the function shares with its scope "
                              f"(the {where} `{name}`) and also reads; s2sad follows the entries of dicts "
                              "that are parameters or locals",
                              f"Work on a local copy (`local = dict({name})`) and return what you need.")


def positional_keyword_only(fdef):
    """A helper's keyword-only parameters (``def h(x, *, k=1.0)``) made ordinary parameters after
    the others: every later stage reads ``fdef.args.args`` as the parameters, and a call binds
    them by name from the function's own signature (``transforms/inline.py``), so the body
    computes the same. (The function differentiated: its adjoint takes its parameters by position,
    in this order, and its gradient binds a call by the function's own signature, ``api.py``.)"""
    a = fdef.args
    if a.kwonlyargs:     # the defaults are read from the function object when a call is bound
        a.args, a.kwonlyargs, a.kw_defaults, a.defaults = list(a.args) + list(a.kwonlyargs), [], [], []


def signature_as_parameters(fdef):
    """The differentiated function's ``*args``, ``**kwargs``, positional-only and keyword-only
    parameters made ordinary parameters, in the order ``inspect.signature`` lists them (positional-only,
    positional, ``*args``, keyword-only, ``**kwargs``): its gradient binds each call by the function's
    own signature and passes the adjoint one value per parameter (``api.py``), so ``args`` holds the
    tuple of the extra positional arguments and ``kwargs`` the dict of the extra keywords, as in
    Python, and the body computes the same. (Helpers keep their refusal: their calls are bound in
    the code, ``transforms/inline.py``.)"""
    a = fdef.args
    extra = [p for p in (a.vararg,) if p is not None] + list(a.kwonlyargs) + [p for p in (a.kwarg,) if p is not None]
    if a.posonlyargs or extra:   # the defaults are read from the function object when a call is bound
        a.args = list(a.posonlyargs) + list(a.args) + extra
        a.posonlyargs, a.vararg, a.kwonlyargs, a.kw_defaults, a.kwarg, a.defaults = [], None, [], [], None, []


def _starred_argument(node, stmt):
    """True if ``node`` is a ``*xs`` argument of a call (allowed; refused later if a derivative
    would have to flow through it)."""
    return any(isinstance(n, ast.Call) and node in n.args for n in ast.walk(stmt))
