"""s2sad's own rule templates, parsed at their first use.

The reverse table (``registry``) and the forward table (``forward_registry``) keep each of
s2sad's templates as a ``LazyRule``; their ``lookup`` returns the parsed rule."""
import threading

_PARSING = threading.RLock()


class LazyRule:
    """One of s2sad's own rules, its template parsed (and checked) at its first use.

    Parsing the ~160 templates of the table took half of a first ``s2sad.grad`` call; a program
    uses a few. ``lookup`` returns the parsed ``Rule`` (the same object for every function the
    template is registered for); reading any other attribute of the entry parses it too, so
    code enumerating ``_RULES`` sees the rules as before, and a malformed template is refused
    where it is first read (the table's tests read them all). The forward table
    (``forward_registry``) keeps its own rules the same way."""

    __slots__ = ("_parse", "_rule", "func", "library", "name")

    def __init__(self, template, parse):
        self.name, self.func, self.library = template.__name__, template, True
        self._parse = parse      # () -> the parsed rule
        self._rule = None

    @property
    def parsed(self):
        """True once the template has been parsed."""
        return self._rule is not None

    def resolve(self):
        """The parsed Rule."""
        if self._rule is None:
            with _PARSING:
                if self._rule is None:
                    self._rule = self._parse()
        return self._rule

    def __getattr__(self, attr):     # only for names not found on the entry itself
        if attr.startswith("__") or attr in self.__slots__:
            raise AttributeError(attr)   # copy/pickle probing a half-made entry: never recurse
        return getattr(self.resolve(), attr)

    def __repr__(self):
        return f"LazyRule({self.name}{', parsed' if self.parsed else ''})"
