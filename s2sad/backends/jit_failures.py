"""What a failed call of the compiled adjoint becomes: a compile retried, or a located error.

``Failures`` is the part of ``jit._JitAdjoint`` (the adjoint's call from Python) that runs when
numba's dispatcher raised. A compile failure is retried with the module written again, each
change keeping the adjoint's meaning in Python: tape lists numba could not type (their appends
pruned as dead code) and user's lists made empty typed from their items (floats, or the arrays
numba saw appended first), a variable holding a 0-d array on one path and a number on another
made a number (``returned.number_variable``), fused loops' fallbacks put back inline
(``outline``). What still fails is a ``JitError`` located at the user's line (``jit_errors``),
saying which argument numba could not type when one is (``jit_replay``).

An error the compiled code raised while running is sorted by replaying the Python adjoint on the
same arguments (``_run_time``).

Invariant: a run-time error passes through unchanged only when the Python adjoint raises one of
the same class on those arguments (or s2sad's own refusal, which is then raised); any other
difference between numba's NumPy and NumPy is a ``JitError``, never a value. The retries are
bounded (50), and each one changes the module (a new name typed, a variable made a number, the
fallbacks inline) or the loop ends with numba's error explained.
"""
from ..errors import S2sadError
from ..names import DictNames
from . import returned
from .errors import JitError
from .jit_errors import UNTYPED_LIST, UNTYPED_TAPE, appended_array, text_of, zero_d_join
from .jit_replay import (has_overload, located_int_error, located_refusal, located_zero_division, mixed_list,
                         untyped_argument)


class Failures:
    """Mixin of ``jit._JitAdjoint`` (which has ``_jb``, the ``JitBuilt``; ``dispatcher``; ``_disp``)."""

    def _failed(self, err, args, kwargs):
        """A run-time error of the compiled code passes through; a compile failure
        becomes JitError, after retrying with typed empty tapes: a tape list whose
        appends numba pruned as dead code (a branch on a module constant) has no
        element type; and with a variable numba found holding a 0-d array and a number
        made a number (``returned.number_variable``)."""
        jb, first = self._jb, None
        for _ in range(50):
            if has_overload(self.dispatcher, args, kwargs):
                problem = self._run_time(err, args, kwargs)
                if problem is err:
                    raise err
                raise problem from err
            names, joined = set(UNTYPED_TAPE.findall(text_of(err))), zero_d_join(text_of(err))
            lists = set(UNTYPED_LIST.findall(text_of(err))) - jb.empty_tapes
            if lists and first is None:
                first = (jb.explain(err, "the adjoint"), err, lists)   # if floats do not type them either
            names |= lists
            if names and not names <= jb.empty_tapes:
                jb.empty_tapes |= names
            elif joined and joined not in jb.numbered:    # a 0-d array and a number: a number
                jb.numbered.add(joined)
                if not returned.number_variable(jb.tree, DictNames(jb.namespace), joined):
                    continue
            elif not jb.inline_again():       # numba's own error, with the fallbacks inline
                break
            jb.reload()
            self._disp = None
            try:
                return self.dispatcher(*args, **kwargs)
            except Exception as again:  # noqa: BLE001
                err = again
        if first is not None and "list(float64)" in text_of(err):
            typed = appended_array(text_of(err), first[2])
            if typed and not set(typed) & set(jb.typed_lists):     # its items are arrays: typed so
                return self._typed_lists(typed, args, kwargs)
            self._untyped_lists(*first)
        located = jb.explain(err, "the adjoint")
        untyped = untyped_argument(jb, args)
        if untyped is not None:       # say which value, keeping the located explanation
            located = JitError(f"{located}\n{untyped}")
        raise located from err

    def _typed_lists(self, typed, args, kwargs):
        """Compile again with ``st = [np.empty(...)][:0]`` for the lists whose first append (in
        program order, as numba types them) is of an array (``typed``: name -> (ndim, layout)).
        numba checks every other use against that type: an append of an array of another rank
        or of a number is a JitError located at that append."""
        jb = self._jb
        jb.empty_tapes -= set(typed)
        jb.typed_lists.update(typed)
        jb.reload()
        self._disp = None
        try:
            return self.dispatcher(*args, **kwargs)
        except Exception as again:  # noqa: BLE001  (sorted out as any: another list to type, `t_st`;
            return self._failed(again, args, kwargs)    # an append of another type, located at it)

    def _untyped_lists(self, located, err, names):
        """Refuse, located at ``st = []`` (``located``: numba's first error explained), a list made empty
        whose items numba typed neither from its appends nor as floats (a stack of arrays)."""
        jb = self._jb
        jb.empty_tapes -= names
        jb.reload()
        self._disp = None
        named = ", ".join(f"`{n}`" for n in sorted(names))
        raise JitError(f"{located}\nnumba cannot tell the type of the items of {named}, "
                       "made empty (`= []`), from its appends. Start the list with its first item "
                       "(`st = [first]`), or use jit=False.") from err

    def _run_time(self, err, args, kwargs):
        """An error the compiled code raised while running: the Python adjoint's own
        if it raises one of the same class on these arguments (a shape mismatch, an
        index out of range: its traceback names the user's line), its refusal if it raises
        an ``S2sadError``, else a JitError: numba's version of a
        NumPy function refused what NumPy accepts. s2sad's own refusal from a compiled helper
        (a list of arrays of different shapes) is said as it is: the Python adjoint of the
        compiled form (lists as arrays) cannot run on these arguments to compare."""
        mixed = mixed_list(self._jb, args) if isinstance(err, TypeError) else None
        if mixed is not None:
            return mixed
        try:
            self._jb.python_raw(*args, **kwargs)     # the same arguments, globals' values included
        except type(err) as same:    # Python's, whose traceback names the user's line
            return same
        except S2sadError as refusal:    # s2sad's own rule refuses these values: say that
            return refusal
        except Exception as other:  # noqa: BLE001  (a different error: numba's differs, said below)
            python = f"raises {type(other).__name__} instead"
        else:
            python = "does not"
        if isinstance(err, S2sadError):     # a compiled helper's refusal: where, replayed in Python
            return JitError(f"{located_refusal(self._jb, args, kwargs)}the compiled adjoint of `{self._jb.name}` "
                            f"(jit=True) refused these values: {text_of(err)}\n(the compiled file is {self._jb.path}).")
        where = located_int_error(self._jb, args, kwargs) if isinstance(err, (OverflowError, ValueError)) else ""
        if where:       # two ints numba computes in int64 where Python's ints grow: int_checks
            return JitError(f"{where}the compiled adjoint of `{self._jb.name}` (jit=True) raised "
                            f"{type(err).__name__}: {text_of(err)}\n(the compiled file is {self._jb.path}).")
        where = located_zero_division(self._jb, args, kwargs) if isinstance(err, ZeroDivisionError) else ""
        if where:       # NumPy's inf or nan (a warning) where numba's float division raises
            return JitError(f"{where}the compiled adjoint of `{self._jb.name}` (jit=True) divided by zero: NumPy "
                            "gives inf or nan there (with a warning), numba's division raises. Use jit=False, or "
                            f"divide where the divisor is not zero (the compiled file is {self._jb.path}).")
        return JitError(
            f"the compiled adjoint of `{self._jb.name}` (jit=True) raised {type(err).__name__}: "
            f"{text_of(err)}\n  The same adjoint run by Python (jit=False) {python}: numba's "
            "implementation of a NumPy function it calls accepts less than NumPy's.\n"
            f"Use jit=False (print `.source` to read the adjoint; the compiled file is {self._jb.path}).")
