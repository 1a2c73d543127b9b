"""Recursive functions with one number for result: value and gradient in one call (split mode).

``transforms/split.py`` gives a recursive function ``R`` a forward function, run over the
whole call tree first, saving on the shared stacks what the reverse needs, and a reverse
function, run over the call tree again, popping it. When ``R`` returns one number, the
adjoint of a call is linear in that number's adjoint: ``b_a = b_r * dR/da``. So
``R_forward`` can compute the gradient right away, in the same frame (its own forward
sweep, then its own reverse sweep seeded with 1.0, as the hand-written ``det_and_grad``),
leave the gradient on the stacks and return the value; ``R_reverse`` pops the gradient and
scales it by ``b_r``. One call tree instead of two, and nothing saved for the reverse of
the call but the gradient (the values its reverse sweep reads are still in its frame; no
copy of an array parameter its caller may change later).

    def R_forward(a, n, tapes):                 def R_reverse(b_r, tapes):
        <R's forward sweep>                         g_n = tape_numbers.pop()
        value = <R's result>                        g_a = tape_arrays1.pop()
        b_result = 1.0                              g_a *= b_r
        <R's reverse sweep>                         return g_a, b_r * g_n
        tape_arrays1.append(b_a)
        tape_numbers.append(float(b_n))
        return value

The call sites are those of the two-sweep scheme (same names, same parameters), so a group
may mix both. Invariant kept: a call to ``R_forward`` pushes exactly what the matching call
to ``R_reverse`` pops (its own sweeps' saves are pushed and popped within its frame, as
those of the calls it makes).
"""
import ast

from .. import astutil as A

NUMBERS = ("float", "int", "bool")


def applies(split, elements):
    """One number for result, and every parameter a number or an array of known rank."""
    return split.out_ranks == [0] and all(e in NUMBERS or isinstance(e, int) for e in elements)


def joint_forward(split, rev, parts, elements, namer):
    """``R_forward``'s body after its stacks: the forward sweep, the reverse sweep seeded with
    1.0, the gradient pushed. ``parts``: (forward sweep, the reverse function built, the
    result expression, the result adjoints' names); the reverse function's body is consumed."""
    forward, rev_fn, result, b_out = parts
    value = namer.fresh("value")
    reverse, last = rev_fn.body[:-1], rev_fn.body[-1]
    grads = last.value.elts if len(split.params) > 1 else [last.value]
    pushes = [ast.Expr(value=_call(_stack(rev, e), "append", A.call("float", g) if e in NUMBERS else g))
              for g, e in zip(grads, elements)]
    seeds = [A.assign(b, A.const(1.0)) for b in b_out]
    body = forward + [A.assign(value, result)] + seeds + reverse + pushes + [ast.Return(A.name(value))]
    return [A.at(s, last) for s in body]


def scaled_reverse(split, rev, elements, b_out, namer):
    """``R_reverse``'s body after its stacks: pop the gradient ``R_forward`` pushed and scale it by the result's adjoint."""
    got = [namer.fresh("g_" + p) for p in split.params]
    pops = [A.assign(g, _call(_stack(rev, e), "pop")) for g, e in reversed(list(zip(got, elements)))]
    scale = [ast.AugAssign(target=A.name(g, store=True), op=ast.Mult(), value=A.name(b_out[0]))
             for g, e in zip(got, elements) if e not in NUMBERS]
    out = [A.name(g) if e not in NUMBERS else ast.BinOp(left=A.name(b_out[0]), op=ast.Mult(), right=A.name(g))
           for g, e in zip(got, elements)]
    value = out[0] if len(out) == 1 else ast.Tuple(elts=out, ctx=ast.Load())
    return pops + scale + [ast.Return(value)]


def _stack(rev, element):
    return rev.stack("number" if element in NUMBERS else element)


def _call(name, method, *args):
    return A.call(ast.Attribute(value=A.name(name), attr=method, ctx=ast.Load()), *args)
