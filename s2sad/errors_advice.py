"""What a refusal advises instead (used by :mod:`.errors`): for a keyword a function does not take,
for a builtin or library helper s2sad has a form of its own for (written the way s2sad follows),
for np.fft's complex transforms and np.linalg.eig's complex eigenvalues, else the rule to register."""


KEYWORD_INSTEAD = {
    ("sort", "reverse"): "For a descending sort write `np.sort(x)[::-1]` (along axis k of an array of "
                         "several dimensions: `np.flip(np.sort(x, axis=k), axis=k)`); `sorted(xs, reverse=True)` "
                         "of a list or a 1-d array is followed too.",
    ("argsort", "reverse"): "For the positions of a descending sort write `np.argsort(x)[::-1]` (along axis k: "
                            "`np.flip(np.argsort(x, axis=k), axis=k)`).",
}
KEYWORD_INSTEAD.update({("sort", "descending"): KEYWORD_INSTEAD[("sort", "reverse")],
                         ("argsort", "descending"): KEYWORD_INSTEAD[("argsort", "reverse")]})


SET_INSTEAD = ("A set (`{a, b}` or `set(...)`) of values being differentiated has no derivative s2sad can "
                "follow (which of two equal values it keeps, and its order, depend on the values). Use a "
                "list or a tuple (`[a, b]`); sets of values with no derivative (ints, strings) are followed.")
_BUILTIN_INSTEAD = {
    "max": "For the largest of a list, write `np.max(np.array(xs))` (or the two-argument form "
           "`max(a, b)`, which s2sad differentiates).",
    "min": "For the smallest of a list, write `np.min(np.array(xs))` (or the two-argument form "
           "`min(a, b)`, which s2sad differentiates).",
    "sorted": "Sort with NumPy instead (`np.sort(np.array(xs))`, descending `np.sort(np.array(xs))[::-1]`; by a "
              "key: `[xs[i] for i in np.argsort(keys)]`), or sort where the result is read at once (`ys = "
              "sorted(xs, key=f)` on a line of its own, a loop header), which s2sad follows.",
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
    "set": SET_INSTEAD, "frozenset": SET_INSTEAD,
    "enumerate": "Loop over it where it is written (`for k, v in enumerate(xs):`, also in a "
                 "comprehension), which s2sad follows, or index the sequence (`xs[k]`).",
}


# functools/itertools helpers, named as called (`functools.reduce`, or `reduce` imported alone)
_FOLD = ("Write the fold as a loop, which s2sad follows: `acc = init`, then `for v in xs: acc = acc * v` "
         "(or the NumPy reduction: `np.prod(np.array(xs))`, `np.sum(...)`, `np.cumsum(...)`).")
_JOIN = "Join them as a list instead, which s2sad follows: `[*xs, *ys]` (arrays: `np.concatenate((xs, ys))`)."
_STARMAP = "Write a comprehension, which s2sad follows: `[f(a, b) for a, b in pairs]`."
_LIBRARY_INSTEAD = {
    "functools.reduce": _FOLD, "reduce": _FOLD, "itertools.accumulate": _FOLD, "accumulate": _FOLD,
    "itertools.chain": _JOIN, "chain": _JOIN,
    "itertools.starmap": _STARMAP, "starmap": _STARMAP,
    "itertools.pairwise": "Loop over it where it is written, which s2sad follows (`for a, b in "
                          "itertools.pairwise(xs):`, also in a comprehension), or index the neighbours: "
                          "`for k in range(len(xs) - 1):` with `xs[k]` and `xs[k + 1]`.",
}
_LIBRARY_INSTEAD["pairwise"] = _LIBRARY_INSTEAD["itertools.pairwise"]
_NESTED = {"product": "`for a in xs:` then `for b in ys:`", "combinations": "`for i in range(n):` then "
           "`for j in range(i + 1, n):` with `xs[i]`, `xs[j]` (n = len(xs))", "combinations_with_replacement":
           "`for i in range(n):` then `for j in range(i, n):` with `xs[i]`, `xs[j]` (n = len(xs))", "permutations":
           "`for i in range(n):` then `for j in range(n):` with `if i != j:`, `xs[i]`, `xs[j]` (n = len(xs))"}
for _name, _loops in _NESTED.items():
    _LIBRARY_INSTEAD[_name] = _LIBRARY_INSTEAD["itertools." + _name] = (
        f"Write the nested loops it stands for, which s2sad follows: {_loops}.")
_LIBRARY_INSTEAD["product"] = _LIBRARY_INSTEAD["itertools.product"] = (
    "Loop over it where it is written, with its iterables as arguments (no `repeat=`: write `product(xs, xs)`), "
    "which s2sad follows (`for a, b in itertools.product(xs, ys):`), or write the nested loops "
    "`for a in xs:` then `for b in ys:`.")
_LIBRARY_INSTEAD["functools.partial"] = _LIBRARY_INSTEAD["partial"] = (
    "Pass the differentiated value where the function is called, with its other arguments "
    "(`np.multiply(a, t)`), or call a `def` that takes it as a parameter.")


# np.fft's transforms whose result (or argument) is complex: a rule could not help, s2sad refuses complex values
_COMPLEX_FFT = ("fft", "ifft", "fft2", "ifft2", "fftn", "ifftn", "rfft", "irfft", "rfft2", "irfft2", "rfftn", "irfftn",
                "hfft", "ihfft")
_FFT_INSTEAD = ("Its values are complex, and s2sad differentiates real-valued code only (complex numbers "
                "are refused). For a real signal x of length N, write the transform's real and imaginary "
                "parts with the real DFT matrices: `k = np.arange(N); A = 2 * np.pi * np.outer(k, k) / N`, "
                "`re = np.cos(A) @ x`, `im = -(np.sin(A) @ x)` (and |X| as `np.sqrt(re ** 2 + im ** 2)`).")

# np.linalg.eig/eigvals (and scipy.linalg's): complex for a general real matrix
_EIG_INSTEAD = {"eigvals": "np.linalg.eigvalsh(a)", "eig": "np.linalg.eigh(a)"}


def _eig_instead(fname):
    return (f"The eigenvalues of a general real matrix are complex, and s2sad differentiates real-valued "
            f"code only (complex numbers are refused). For a symmetric matrix, write `{_EIG_INSTEAD[fname]}`, "
            f"whose derivative s2sad has (it reads the lower triangle; symmetrize first with `(a + a.T) / 2` "
            f"if a may be slightly asymmetric).")


# functions with no derivative that a rule could not give (the reason, and what to write instead)
UNIQUE_INSTEAD = ("np.unique has no derivative s2sad can prove: its values are the distinct elements in sorted "
                  "order, and where two elements tie a small change splits them and the result grows by one "
                  "(its counts, indices and inverse are integers). Where the elements are known to be distinct, "
                  "write `np.sort(x, axis=None)`, whose values are the same and whose derivative s2sad has; "
                  "for the counts alone, compute them outside the differentiated function or from values that "
                  "do not depend on the inputs.")
NO_DERIVATIVE_INSTEAD = {"unique": UNIQUE_INSTEAD}


def instead(fname, callee, forward=False, seq=None):
    """What to write instead of a call with no rule (``forward``: no tangent rule): a builtin's
    form s2sad follows (``seq``: the user's name of the sequence it is given, written in the advice's
    forms for ``xs``), a transform of np.fft as real matrix products, else the rule to register."""
    import builtins
    import re
    if fname in _BUILTIN_INSTEAD and getattr(builtins, fname, None) is not None and callee == fname:
        text = _BUILTIN_INSTEAD[fname]
        if seq and seq.isidentifier() and not re.search(rf"\b{re.escape(seq)}\b", text.replace("xs", "")):
            return re.sub(r"\bxs\b", seq, text)    # (not a name the advice's forms use: `[v for v in v]`)
        return text
    if callee in _LIBRARY_INSTEAD:
        return _LIBRARY_INSTEAD[callee]
    if fname in _COMPLEX_FFT and (callee or "").split(".")[-1] == fname:
        return _FFT_INSTEAD
    if fname in _EIG_INSTEAD and (callee or "").split(".")[-1] == fname:
        return _eig_instead(fname)
    if fname in NO_DERIVATIVE_INSTEAD and (callee or "").split(".")[-1] == fname:
        return NO_DERIVATIVE_INSTEAD[fname]
    if forward:
        return (f"Register one with @s2sad.tangent({fname}) (see s2sad/rules/tangents.py for examples), or "
                f"mark it with s2sad.nondifferentiable({fname}) if its derivative is zero.")
    return (f"Register a rule with @s2sad.adjoint({fname}) (see s2sad/rules/grads_elementwise.py for "
            f"examples), or mark it with s2sad.nondifferentiable({fname}) if its derivative is zero.")
