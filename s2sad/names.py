"""Deterministic, collision-free naming for generated code.

``Namer`` hands out fresh local names with counters (never random), so the
same function always gives byte-identical adjoint source. ``Namespace``
collects the global objects the generated code refers to, renaming on clashes
(an inlined helper from another module may call a different ``np``).

Invariant: one name means one thing in a generated function. A name the
``Namer`` issued (a temporary, an adjoint, a renamed helper local) is never
also bound to a global object, a global is never bound under a name a local of
the user's function uses, and two different objects (or two data values read
from different places, see ``scopes``) never share a name. Builtins the
generated code calls (``range``, ``len``, ``min``...) are bound like any other
global, so a user's local named ``max`` cannot capture them.
"""
import ast
import builtins
import contextvars
import re
from contextlib import contextmanager

from . import astutil as A

_BUILD_NAMERS = contextvars.ContextVar("s2sad_build_namers", default=None)


class Namer:
    def __init__(self, taken=()):
        self.taken = set(taken)
        self.initial = frozenset(self.taken)     # the names the user's code holds
        self.issued = set()
        self.counts = {}
        self.namespace = None      # set by Namespace(namer=...): its globals are taken too
        self.written = {}          # an inlined helper's renamed local -> its name in the helper,
        #                            a dict entry's variable -> the entry (`d_w` -> "d['w']")
        self.based = {}            # an issued name -> the base it was made from (`L2` -> `L`)
        self.expressions = {}      # a temporary -> the user's expression it holds (`t2` -> "{'w': x[0]}")
        made = _BUILD_NAMERS.get()
        if made is not None:       # a build's refusals are spelled with its names (users_names)
            made.append(self)

    NUMBERED = {"t", "c", "k", "n", "r", "seq"}

    def _free(self, name):
        return name not in self.taken and (self.namespace is None or name not in self.namespace.objects)

    def fresh(self, base):
        """A new name: ``base`` itself if free, else ``base2``... (``t`` is always numbered)."""
        if self._free(base) and base not in self.NUMBERED:
            return self._issue(base)
        n = self.counts.get(base, 0) if base in self.NUMBERED else max(self.counts.get(base, 0), 1)
        sep = "_" if base[-1].isdigit() else ""
        while True:
            n += 1
            name = f"{base}{sep}{n}"
            if self._free(name):
                self.counts[base] = n
                self.based[name] = base
                return self._issue(name)

    def as_written(self, name):
        """``name`` as the user wrote it, for a refusal: an inlined helper's local as in the helper,
        a dict entry's variable as the entry (``d['w']``, ``transforms/aggregates.py``), a renaming
        of either or of the user's ``L`` (``L2``) as that; any other name as it is."""
        if name in self.written:
            return self.written[name]
        base = self.based.get(name)
        if base in self.written:
            return self.written[base]
        if base is not None and base in self.initial and base not in self.issued | self.NUMBERED:
            return self.written.get(base, base)
        return name

    def entry_spelling(self, name):
        """``name`` as written when s2sad made it for a name or an entry the user wrote (a dict
        entry's variable, an inlined helper's local, a renaming of either), else itself."""
        return self.as_written(name) if name in self.issued else name

    def holds(self, temp, value):
        """Record that the temporary ``temp`` holds ``value`` (an expression the user wrote, its
        parts perhaps temporaries already recorded), so a refusal quotes the expression."""
        self.expressions[temp] = _WORD.sub(lambda w: self.spelling(w.group()), ast.unparse(value))

    def spelling(self, name):
        """``name`` as the user reads it in a refusal: ``entry_spelling``, or the expression a
        temporary holds (``holds``)."""
        said = self.entry_spelling(name)
        return self.expressions.get(name, said) if said == name else said

    def _issue(self, name):
        self.taken.add(name)
        self.issued.add(name)
        return name


@contextmanager
def users_names():
    """Around a build: a refusal (``S2sadError``) raised inside names, in each `quoted` span of
    its message, every variable s2sad made for one the user wrote as the user wrote it (a dict
    entry's ``d_w`` as ``d['w']``, an inlined helper's ``helper_v`` as ``v``: ``Namer.written``),
    so no stage has to spell names itself."""
    from .errors import S2sadError
    namers = []
    token = _BUILD_NAMERS.set(namers)
    try:
        yield
    except S2sadError as exc:
        if exc.args and isinstance(exc.args[0], str):
            text = exc.args[0]
            for namer in namers:
                text = _QUOTED.sub(lambda m, n=namer: _WORD.sub(lambda w: n.spelling(w.group()), m.group()), text)
            exc.args = (text,) + exc.args[1:]
        raise
    finally:
        _BUILD_NAMERS.reset(token)


_QUOTED = re.compile(r"`[^`\n]*`")
_WORD = re.compile(r"(?<![\w.'\"])[A-Za-z_]\w*")


class Namespace:
    """Names bound in the generated module's globals, name -> object.

    ``origins`` maps a bound name to where the user's code read it (a
    ``scopes.Origin``), for names read from the user's scopes; ``sources``
    lists the parsed functions whose free names were bound here."""

    def __init__(self, reserved=(), namer=None):
        self.objects = {}
        self.origins = {}
        self.sources = []
        self.reserved = set(reserved)  # local names of the generated function
        self.namer = namer
        if namer is not None:
            namer.namespace = self

    def _taken(self, candidate, obj, origin):
        if candidate in self.reserved or (self.namer is not None and candidate in self.namer.issued):
            return True
        if candidate not in self.objects:
            return False
        if self.objects[candidate] is not obj:
            return True
        known = self.origins.get(candidate)
        return origin is not None and known is not None and known != origin and _is_data(obj)

    def bind(self, name, obj, origin=None):
        """Bind ``obj`` under ``name`` (or ``name_2`` ... if taken by another object or a local).

        The same data value read from two different places gets two names: each is
        passed to the adjoint from its own place at call time (see ``scopes``)."""
        candidate, n = name, 1
        while self._taken(candidate, obj, origin):
            n += 1
            candidate = f"{name}_{n}"
        self.objects[candidate] = obj
        if origin is not None:
            self.origins.setdefault(candidate, origin)
        return candidate

    def bind_builtins(self, tree):
        """Bind every builtin the stages wrote into ``tree`` (``range``, ``len``...) that is
        not bound yet, so that it cannot be captured by a local of the same name."""
        for node in A.walk(tree):
            if isinstance(node, ast.Name) and getattr(node, "_s2sad_builtin", False) \
                    and not getattr(node, "_s2sad_bound", False):
                node.id = self.bind(node.id, getattr(builtins, node.id))
                node._s2sad_bound = True


def _is_data(obj):
    from .scopes import is_data
    return is_data(obj)


def all_names(tree):
    return {n.id for n in A.walk(tree) if isinstance(n, ast.Name)}


class DictNames:
    """A generated function's namespace kept as a plain dict (``backends.jit.JitBuilt.namespace``),
    binding names as the ``jit`` stage does: ``name``, else ``name_2``, ``name_3``... on a clash."""

    def __init__(self, objects):
        self.objects = objects

    def bind(self, name, obj):
        candidate, n = name, 1
        while candidate in self.objects and self.objects[candidate] is not obj:
            n += 1
            candidate = f"{name}_{n}"
        self.objects[candidate] = obj
        return candidate
