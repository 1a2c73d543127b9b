"""Stage 1a (after imports resolve): ``match`` statements as ``if``/``elif``/``else`` chains.

A ``match`` whose cases compare the subject with values is a chain of tests, which every mode
differentiates::

    match k:                          t = k              (a name is read as it is)
        case 0 | 1:                   if t == 0 or t == 1:
            y = x * x                     y = x * x
        case Mode.FAST if x > 0:      elif t == Mode.FAST and x > 0:
            y = x                         y = x
        case None:                    elif t is None:
            y = 0.0                       y = 0.0
        case other:                   else:
            y = other * x                 other = t
                                          y = other * x

Patterns written out: literals and dotted names (``==``), ``None``/``True``/``False`` (``is``),
``|`` of those, the wildcard ``_``, a capture ``case name:`` and ``case <pattern> as name:``
(bound before the case's body, and before its guard). A capture under ``|``, or a guard after a
capture whose pattern may fail, is left to ``check``, as are sequence, mapping and class patterns
(``case [a, b]:``, ``case {"k": v}:``, ``case Point(x=0):``), which test types and lengths --
but on a subject written as a tuple or list display (``match (a, b):``, or a name bound once to a
tuple display: ``match_displays.py``), class patterns on a name bound once to a dataclass
object (``match_classes.py``) and mapping patterns on a name bound once to a dict display of
constant keys (``match_mappings.py``).

Invariant: the chain runs the body of the first case Python's ``match`` would run, with the same
names bound; the subject is evaluated once, before any test, as Python does.
"""
import ast

from .. import astutil as A


def matches_as_ifs(fdef, namer, src=None):
    """Rewrite, in place, every ``match`` of ``fdef`` that only compares values (module docstring)."""
    if not any(isinstance(n, ast.Match) for n in A.walk(fdef)):
        return
    from .match_classes import record_names
    from .match_displays import tuple_names
    from .match_mappings import dict_names
    _Matches(namer, tuple_names(fdef), src, record_names(src, fdef) if src is not None else {},
             dict_names(fdef)).visit(fdef)


class _Matches(ast.NodeTransformer):
    def __init__(self, namer, tuples, src, records, dicts):
        self.namer, self.tuples, self.src, self.records, self.dicts = namer, tuples, src, records, dicts

    def visit_Match(self, node):
        self.generic_visit(node)
        from .match_classes import class_match
        from .match_displays import display_match       # (they write items with this module's tests)
        lowered = display_match(node, self.namer, self.tuples)     # `match (a, b):` (match_displays.py)
        if lowered is None and self.records:
            lowered = class_match(self.src, node, self.namer, self.records)   # `case Point(x=0, y=y):`
        if lowered is None and self.dicts:
            from .match_mappings import mapping_match
            lowered = mapping_match(node, self.namer, self.dicts)     # `case {"kind": "sin", "k": k}:`
        if lowered is not None:
            return lowered
        if not all(_written_out(c) for c in node.cases):
            return node
        if isinstance(node.subject, ast.Name):
            subject, pre = node.subject, []
        else:
            subject = ast.Name(id=self.namer.fresh("subject"), ctx=ast.Load())
            pre = [A.at(ast.Assign(targets=[ast.Name(id=subject.id, ctx=ast.Store())], value=node.subject), node)]
        orelse = []
        for case in reversed(node.cases):
            test, binds = _test(case.pattern, subject)
            binds = [A.at(ast.Assign(targets=[ast.Name(id=n, ctx=ast.Store())],
                                     value=ast.Name(id=subject.id, ctx=ast.Load())), case.pattern) for n in binds]
            if test is None and case.guard is not None:     # `case n if n > 0:` binds, then tests
                orelse = binds + [A.at(ast.If(test=case.guard, body=case.body, orelse=orelse), case.pattern)]
            elif test is None:      # irrefutable: the cases after it never run
                orelse = binds + case.body
            else:
                test = test if case.guard is None else ast.BoolOp(op=ast.And(), values=[test, case.guard])
                orelse = [A.at(ast.If(test=test, body=binds + case.body, orelse=orelse), case.pattern)]
        return pre + orelse


def _written_out(case):
    """The case's pattern is one this stage writes as a test (module docstring)."""
    p = case.pattern
    names = _captures(p)
    if names is None:
        return False
    return not (names and case.guard is not None and _test(p, ast.Name(id="_", ctx=ast.Load()))[0] is not None)


def _captures(p):
    """The names ``p`` binds, or None if it is not written out."""
    if isinstance(p, (ast.MatchValue, ast.MatchSingleton)):
        return []
    if isinstance(p, ast.MatchAs):
        inner = [] if p.pattern is None else _captures(p.pattern)
        return None if inner is None else inner + ([p.name] if p.name else [])
    if isinstance(p, ast.MatchOr):
        parts = [_captures(q) for q in p.patterns]
        return [] if all(q == [] for q in parts) else None
    return None


def _test(p, subject):
    """(the test of ``p`` on ``subject``, or None if it always matches; the names it binds)."""
    if isinstance(p, ast.MatchValue):
        return ast.Compare(left=A.clone(subject), ops=[ast.Eq()], comparators=[p.value]), []
    if isinstance(p, ast.MatchSingleton):
        return ast.Compare(left=A.clone(subject), ops=[ast.Is()], comparators=[ast.Constant(value=p.value)]), []
    if isinstance(p, ast.MatchOr):      # `case 0 | _:` always matches
        tests = [_test(q, subject)[0] for q in p.patterns]
        return (None if None in tests else ast.BoolOp(op=ast.Or(), values=tests)), []
    test, binds = (None, []) if p.pattern is None else _test(p.pattern, subject)
    return test, binds + ([p.name] if p.name else [])
