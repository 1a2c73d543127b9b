"""Stage 1a, ``match`` on a tuple or list display: sequence patterns tested element by element.

A subject written as a display (``match (a, b):``, ``match [i, x]:``) is a sequence of known
length, so a sequence pattern is a test of each element (``match_ifs`` writes value patterns)::

    match (a, b):                         s0 = a
        case (0, _) if x > 1:             s1 = b
            y = x * 2                     if s0 == 0 and x > 1:
        case (1, n) if n > x:                 y = x * 2
            y = n * x                     else:
        case (k, *rest):                      m = False
            y = k + len(rest)                 if s0 == 1:
                                                  n = s1
                                                  m = n > x
                                              if m:
                                                  y = n * x
                                              else:
                                                  k = s0
                                                  rest = [s1]
                                                  y = k + len(rest)

Patterns written out on the display: a sequence pattern (``(p, q)``, ``[p, *rest, q]``) whose
items are patterns ``match_ifs`` writes (values, ``None``, ``_``, captures, ``|`` of values, ``as``)
-- one of another length than the display never matches, and is dropped --; a capture or ``_`` of
the whole subject; a value pattern (``case ORIGIN:``, compared with ``==``); ``|`` of those whose
alternatives bind the same names to the same elements (``case (1, a) | (3, a):``). A capture before a guard is bound when its pattern matches, before the guard, and stays
bound if the guard fails, as in Python. Anything else (a nested sequence, class or mapping pattern)
leaves the statement to ``check``'s refusal.

Invariant: the chain runs the body of the case Python's ``match`` runs, with the names bound to
the same values; the display's elements are evaluated once, in order, before any test.
"""
import ast

from .. import astutil as A
from .match_ifs import _captures, _test

NEVER = object()    # the test of a pattern that cannot match the display


def display_match(node, namer, tuples=None):
    """The statements a ``match`` on a display becomes, or None (not a display, or a pattern not
    written out). ``tuples``: name -> the tuple display it is bound to once (``tuple_names``)."""
    subject = node.subject
    held = (tuples or {}).get(subject.id) if isinstance(subject, ast.Name) else None
    if held is not None:      # `pair = ((a, b), c)` ... `match pair:`
        shape, pre = _shape(held, subject, tuple_only=True), []
    elif _plain_display(subject):
        names = [namer.fresh("subject") for _ in subject.elts]
        pre = [A.at(A.assign(n, e, like=node), e) for n, e in zip(names, subject.elts)]
        shape = (type(subject), [(A.name(n), _shape(e, A.name(n))) for n, e in zip(names, subject.elts)], None)
    else:
        return None
    chain = case_chain(node, [_whole(case.pattern, shape) for case in node.cases], namer)
    return None if chain is None else pre + chain


def case_chain(node, tests, namer):
    """The statements running the body of the case Python's ``match`` runs, from each case's
    (test, [(name, value)]) (None: a pattern not written out, then None)."""
    if any(t is None for t in tests):
        return None
    orelse = []
    for case, (test, binds) in reversed(list(zip(node.cases, tests))):
        if test is NEVER:
            continue
        binds = [A.at(ast.Assign(targets=[ast.Name(id=n, ctx=ast.Store())], value=v), case.pattern) for n, v in binds]
        orelse = _case(case, test, binds, orelse, namer)
    return orelse


def whole_pattern(p, subject, structural):
    """(test, binds) of ``p`` on a subject held in a name: ``structural(p)`` for a class or mapping
    pattern, around it captures, ``_``, ``as`` and ``|`` (None: not written out)."""
    if isinstance(p, ast.MatchAs):
        inner = (None, []) if p.pattern is None else whole_pattern(p.pattern, subject, structural)
        if inner is None:
            return None
        return inner[0], inner[1] + ([(p.name, A.clone(subject))] if p.name else [])
    if isinstance(p, ast.MatchOr):
        return _alternatives([whole_pattern(q, subject, structural) for q in p.patterns])
    return structural(p)


def value_tests(pairs):
    """(test, binds) of flat patterns on values, ``[(pattern, value expression)]``, all to match
    (None when one is not flat)."""
    tests, binds = [], []
    for q, value in pairs:
        if _captures(q) is None:
            return None
        test, names = _test(q, value)
        tests += [test] if test is not None else []
        binds += [(n, A.clone(value)) for n in names]
    test = None if not tests else tests[0] if len(tests) == 1 else ast.BoolOp(op=ast.And(), values=tests)
    return test, binds


def _plain_display(e, tuple_only=False):
    kinds = (ast.Tuple,) if tuple_only else (ast.Tuple, ast.List)
    return isinstance(e, kinds) and not any(isinstance(x, ast.Starred) for x in e.elts)


def _shape(display, value, tuple_only=False):
    """(display type, [(element's expression, its shape or None)], the whole value or None) of a
    display held in ``value``; None when ``display`` is not one (its length unknown). Through a
    name only tuples are known (a list it holds could change length)."""
    if not _plain_display(display, tuple_only):
        return None
    elems = []
    for i, e in enumerate(display.elts):
        item = ast.Subscript(value=A.clone(value), slice=A.const(i), ctx=ast.Load())
        elems.append((item, _shape(e, item, tuple_only=True)))
    return type(display), elems, value


def tuple_names(fdef):
    """Names bound exactly once in ``fdef`` (nested scopes included), by ``name = (a, b, ...)``
    with no starred item: such a name holds a tuple of that length wherever it is bound."""
    stores, held = {}, {}
    for n in ast.walk(fdef):
        for name in _bound_names(n):
            stores[name] = stores.get(name, 0) + 1
        if isinstance(n, ast.Assign) and len(n.targets) == 1 and isinstance(n.targets[0], ast.Name) \
                and _plain_display(n.value, tuple_only=True):
            held[n.targets[0].id] = n.value
    return {k: v for k, v in held.items() if stores.get(k) == 1}


def _bound_names(n):
    if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load):
        return [n.id]
    if isinstance(n, ast.arg):
        return [n.arg]
    if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return [n.name]
    if isinstance(n, (ast.Global, ast.Nonlocal)):
        return list(n.names) * 2
    if isinstance(n, (ast.MatchAs, ast.MatchStar)) and n.name:
        return [n.name]
    if isinstance(n, ast.MatchMapping) and n.rest:
        return [n.rest]
    if isinstance(n, ast.ExceptHandler) and n.name:
        return [n.name]
    if isinstance(n, (ast.Import, ast.ImportFrom)):
        return [(a.asname or a.name).split(".")[0] for a in n.names]
    return []


def _case(case, test, binds, orelse, namer):
    """The statements testing one case, then running its body or ``orelse``."""
    if test is None and case.guard is None:     # irrefutable: the cases after it never run
        return binds + case.body
    if test is None:
        return binds + [A.at(ast.If(test=case.guard, body=case.body, orelse=orelse), case.pattern)]
    if case.guard is None or not binds:
        test = test if case.guard is None else ast.BoolOp(op=ast.And(), values=[test, case.guard])
        return [A.at(ast.If(test=test, body=binds + case.body, orelse=orelse), case.pattern)]
    flag = namer.fresh("matched")       # captures bound when the pattern matches, before the guard
    set_flag = [A.at(A.assign(flag, A.const(False), like=case.pattern), case.pattern)]
    guarded = A.at(ast.If(test=test, body=binds + [A.at(A.assign(flag, case.guard, like=case.pattern),
                                                        case.pattern)], orelse=[]), case.pattern)
    return set_flag + [guarded, A.at(ast.If(test=A.name(flag), body=case.body, orelse=orelse), case.pattern)]


def _display(shape, elems):
    """The whole value the shape stands for: the name or element holding it, or a display of its
    elements (a ``match`` on a display written out)."""
    if shape[2] is not None:
        return A.clone(shape[2])
    return shape[0](elts=[A.clone(e) for e, _ in elems], ctx=ast.Load())


def _whole(p, shape):
    """(test, [(name, value)]) of pattern ``p`` on the whole display; test None: always matches,
    NEVER: never; None for a pattern not written out."""
    if isinstance(p, ast.MatchSequence):
        return _sequence(p, shape)
    if isinstance(p, ast.MatchAs):
        inner = (None, []) if p.pattern is None else _whole(p.pattern, shape)
        if inner is None:
            return None
        return inner[0], inner[1] + ([(p.name, _display(shape, shape[1]))] if p.name else [])
    if isinstance(p, ast.MatchValue):
        return ast.Compare(left=_display(shape, shape[1]), ops=[ast.Eq()], comparators=[p.value]), []
    if isinstance(p, ast.MatchOr):
        return _alternatives([_whole(q, shape) for q in p.patterns])
    return None


def _alternatives(parts):
    """``p | q``: the alternatives that may match must bind the same names to the same elements
    (``case (1, a) | (3, a):``), so that which one matched does not matter."""
    if any(q is None for q in parts):
        return None
    parts = [q for q in parts if q[0] is not NEVER]
    if not parts:
        return NEVER, []
    binds = {(n, ast.dump(v)) for n, v in parts[0][1]}
    if any({(n, ast.dump(v)) for n, v in q[1]} != binds for q in parts):
        return None
    tests = [t for t, _ in parts]
    if None in tests:
        return None, parts[0][1]
    return (ast.BoolOp(op=ast.Or(), values=tests) if len(tests) > 1 else tests[0]), parts[0][1]


def _sequence(p, shape):
    """A sequence pattern on the display's elements (one ``*name`` at most, as Python allows)."""
    elems = shape[1]
    stars = [i for i, q in enumerate(p.patterns) if isinstance(q, ast.MatchStar)]
    fixed = len(p.patterns) - len(stars)
    if len(elems) < fixed or not stars and len(elems) != fixed:
        return NEVER, []        # (Python tests the length before the items' patterns)
    if stars:
        i, after = stars[0], len(p.patterns) - stars[0] - 1
        middle = elems[i:len(elems) - after]
        pairs = list(zip(p.patterns[:i], elems[:i])) + list(zip(p.patterns[i + 1:], elems[len(elems) - after:]))
        name = p.patterns[i].name
        binds = [(name, ast.List(elts=[A.clone(e) for e, _ in middle], ctx=ast.Load()))] if name else []
    else:
        pairs, binds = list(zip(p.patterns, elems)), []
    tests = []
    for q, e in pairs:
        part = _item(q, e)
        if part is None or part[0] is NEVER:
            return part
        tests += [part[0]] if part[0] is not None else []
        binds = binds + part[1]
    test = None if not tests else tests[0] if len(tests) == 1 else ast.BoolOp(op=ast.And(), values=tests)
    return test, binds


def _item(q, elem):
    """(test, binds) of pattern ``q`` on one element (expression, shape): a flat pattern tests the
    element's value; a nested sequence pattern needs the element's shape (a display), else None."""
    expr, shape = elem
    if _captures(q) is not None:
        test, names = _test(q, expr)
        return test, [(n, A.clone(expr)) for n in names]
    return _whole(q, shape) if shape is not None else None
