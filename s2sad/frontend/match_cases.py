"""Stage 1a'', ``match`` statements of literal cases as ``if``/``elif``/``else`` (hunt48).

``match kind: case 0: ... case 1 | 2: ... case _: ...`` (an activation picked by name, a branch by
a mode number) was refused ("a `match` statement"). Python evaluates the subject once and tries
the cases in order; a value pattern matches when ``subject == value``, ``None``/``True``/``False``
when ``subject is value``, an or-pattern when one of its alternatives does, ``_`` always, and a
guard is tested after its pattern. So

    match e:                    t = e
        case 0: A               if t == 0: A
        case 1 | 2 if g: B  ->  elif (t == 1 or t == 2) and g: B
        case _: C               else: C

Invariant: only matches all of whose patterns are of those kinds (no capture, sequence, mapping or
class pattern: they bind names) are rewritten; any other stays, and ``check`` refuses it, located.
"""
import ast

from .. import astutil as A


def match_as_if(fdef, namer):
    for node in A.walk(fdef):
        for field in ("body", "orelse", "finalbody"):
            block = getattr(node, field, None)
            if isinstance(block, list) and any(isinstance(s, ast.Match) for s in block):
                block[:] = [out for s in block for out in _statements(s, namer)]


def _statements(s, namer):
    if not isinstance(s, ast.Match):
        return [s]
    subject, head = s.subject, []
    if not isinstance(subject, ast.Name):
        name = namer.fresh("subject")
        head = [A.at(A.assign(name, subject), s)]
        subject = A.name(name)
    tests = [_test(c.pattern, subject) for c in s.cases]
    if any(t is None for t in tests) or any(t is True for t in tests[:-1]):
        return [s]
    orelse = []
    for case, test in reversed(list(zip(s.cases, tests))):
        if case.guard is not None:
            test = case.guard if test is True else ast.BoolOp(op=ast.And(), values=[test, case.guard])
        elif test is True:
            orelse = case.body
            continue
        orelse = [A.at(ast.If(test=test, body=case.body, orelse=orelse), case.pattern)]
    return head + orelse


def _test(p, subject):
    """The test of pattern ``p`` on ``subject`` (True: always; None: a pattern binding names)."""
    if isinstance(p, ast.MatchValue):
        return A.at(ast.Compare(left=A.clone(subject), ops=[ast.Eq()], comparators=[p.value]), p)
    if isinstance(p, ast.MatchSingleton):
        return A.at(ast.Compare(left=A.clone(subject), ops=[ast.Is()], comparators=[A.const(p.value)]), p)
    if isinstance(p, ast.MatchAs) and p.pattern is None and p.name is None:
        return True
    if isinstance(p, ast.MatchOr):
        alts = [_test(q, subject) for q in p.patterns]
        if any(a is None for a in alts):
            return None
        if any(a is True for a in alts):
            return True
        return A.at(ast.BoolOp(op=ast.Or(), values=alts), p)
    return None
