"""The front stages of a build, parse -> check -> lower -> anf, and the stage dumps.

``frontend`` turns one function into a Source and a FunctionDef in A-normal form, every
statement tagged with its Source (``_s2sad_src``) so later stages can locate errors.
``parsed_front_end`` is that for the function a build differentiates (both modes).
``_dump`` prints a stage's output (``S2SAD_DUMP``) or, at ``stop_after``, ends the build
with it by raising ``_Stop`` (``pipeline.build`` returns its text). Invariant: the dumps
read the tree, never change it.
"""
import ast
import os
import sys

from . import astutil as A
from .analyses.kinds import GENERATOR_KINDS
from .backends import emit
from .frontend import fn_aliases
from .frontend.anf import ANF
from .frontend.bound_objects import as_cells
from .frontend.redefine import rename_redefinitions
from .frontend.check import check_function, signature_as_parameters
from .frontend.tuple_params import namedtuple_fields, read_only_lists
from .frontend.constant_keys import constant_keys
from .frontend.desugar import Desugar
from .frontend.default_dicts import default_dicts
from .frontend.runtime_keys import runtime_keys
from .frontend.dict_builds import dict_builds
from .frontend.dict_updates import dict_updates
from .frontend.dict_rows import dict_rows
from .frontend.dict_entry_names import dict_entry_names
from .frontend.dict_comprehensions import dict_comprehensions
from .frontend.functional import rewrite_functional
from .frontend.imports import resolve_imports
from .frontend.inert_statements import strip_inert
from .frontend.lazy_generators import lazy_generators
from .frontend.generator_helpers import as_list_builder, generator_calls, is_generator_helper
from .frontend.lift import lift_nested
from .frontend.try_blocks import try_blocks
from .frontend.local_namedtuples import drop_unused_classes, pin_local_namedtuples
from .frontend.kwargs_param import keywords_as_dict
from .frontend.local_classes import pin_local_classes
from .frontend.function_values import function_values
from .frontend.list_extend import extends_as_appends
from .frontend.list_joins import joins_as_displays
from .frontend.match_ifs import matches_as_ifs
from .frontend.tuple_joins import tuple_joins
from .frontend.local_objects import local_objects
from .frontend.object_args import loop_objects, mark_object_args, object_params
from .frontend.record_mutators import record_mutators
from .frontend.function_comprehensions import function_comprehensions
from .frontend.function_lists import function_lists
from .frontend.function_loops import function_loops
from .frontend.function_args import function_args
from .frontend.getattr_names import getattr_names
from .frontend.global_object_lists import global_object_lists
from .frontend.global_records import global_records
from .frontend.param_copies import copies_as_comprehensions
from .frontend.tolist_values import tolist_values
from .frontend.unzip_assigns import unzip_assigns
from .frontend.list_aliases import aliases_as_one_name
from .frontend.list_mutation import mutations_as_rebinds
from .frontend.list_mutation_why import refuse_shared_slice_stores
from .frontend.namedtuples import tuples_for_namedtuples
from .frontend.object_lists import object_lists
from .frontend.record_choices import record_choices
from .frontend.record_values import name_record_values
from .frontend.queues import queues_as_head_indexes
from .frontend.star_kwargs import expand_star_kwargs
from .frontend.set_values import set_displays
from .frontend.starred_calls import starred_calls
from .frontend.starred_extrema import starred_extrema
from .frontend.starred_displays import starred_displays
from .frontend.starred_targets import starred_targets
from .frontend.super_calls import super_calls
from .frontend.lower import Lowerer
from .frontend.parsing import parse_function
from .frontend.partial_calls import partials_as_calls
from .frontend.local_partials import local_partials
from .frontend.rank_tests import fold_rank_tests
from .frontend.resolve import Resolver, bind_globals
from .names import Namer, Namespace, all_names


class _Stop(Exception):
    def __init__(self, text):
        self.text = text


def _dump(stage, node, stop_after):
    wanted = os.environ.get("S2SAD_DUMP", "")
    text = None
    if stop_after == stage or stage in wanted.split(",") or wanted == "all":
        text = emit.to_source(node)
        if stop_after == stage:
            raise _Stop(text)
        print(f"# ---- s2sad: after stage {stage} ----\n{text}", file=sys.stderr)


def frontend(func, namer=None, ns=None, stop_after=None, wrt=None, src=None, effect=False, kinds=None,
             forward=False, helper=False, generated=False, lists=(), sequences=(), generators=None, records=None,
             objects=()):
    """parse -> check -> lower -> anf for one function; returns (Source, FunctionDef).
    ``wrt``: for the function differentiated, its parameters that are (see ``_inert``);
    ``src``: ``parse_function(func)`` when the caller has it (this takes its tree over);
    ``effect``: a helper called for its effect, which may return nothing (``frontend/lower.py``);
    ``kinds``: the parameters' ranks of the build, its rank tests folded (``frontend/rank_tests.py``);
    ``forward``: differentiated in forward mode only (``frontend/list_index.py``);
    ``helper``: a helper inlined into the caller (its ``**kw`` a dict parameter: ``frontend/kwargs_param.py``);
    ``generated``: s2sad's own adjoint (hvp), whose in-place updates need no casts (``frontend/anf.py``);
    ``lists``, ``sequences``: a helper's parameters its call gives a list, a list or tuple
    (``analyses/sequence_args.py``; their copies ``list(xs)``: ``frontend/param_copies.py``);
    ``generators``: a helper's parameters its call gives a random generator, with its class
    (``analyses/generator_args.py``): their draws are followed (``frontend/methods.generator_names``);
    ``records``: a helper's parameters its call gives a namedtuple or dataclass, and the class its
    result must be (``frontend/record_helpers.py``);
    ``objects``: a helper's parameters its call gives an object the caller reads the attributes of
    (``frontend/object_args.py``)."""
    src = src if src is not None else parse_function(func)
    fdef = src.tree
    namer = namer or Namer(all_names(fdef))
    if helper:
        keywords_as_dict(fdef)
        if is_generator_helper(src.func):
            as_list_builder(src, fdef, namer)
    _rewrites(src, fdef, namer, kinds, set(getattr(kinds, "lists", ())) | set(lists),
              set(sequences) | set(getattr(kinds, "tuples", ())) | _array_params(kinds), set(lists) if helper else (),
              records, top=not helper)
    given = {p for p, k in (kinds or {}).items() if k is None} | set(objects)      # before loops are lowered
    loops = loop_objects(fdef, given & set(_inert(fdef, wrt) if wrt is not None else object_params(fdef, objects)))
    Desugar(src, namer, forward, getattr(kinds, "lists", ())).function(fdef)
    _mark_sequence_flats(fdef, set(lists) | set(sequences) | set(getattr(kinds, "lists", ()))
                         | set(getattr(kinds, "tuples", ())))
    check_function(src, fdef)
    inert = _inert(fdef, wrt) if wrt is not None else object_params(fdef, objects)
    Lowerer(src, namer, effect=effect).function(fdef)
    _dump("lower", fdef, stop_after)
    for a in fdef.args.args + fdef.args.kwonlyargs if generators else ():
        if a.arg in generators:
            a._s2sad_generator = generators[a.arg]
    resolver = Resolver(src, A.assigned_locals(fdef), set(inert) | loops, given | loops)
    mark_object_args(resolver, fdef, resolver.objects)
    ANF(src, namer, resolver, generated).function(fdef)
    rename_redefinitions(fdef, namer)
    for node in A.walk(fdef):
        if isinstance(node, ast.stmt):
            node._s2sad_src = src
    if ns is not None:
        bind_globals(src, fdef.body, A.assigned_locals(fdef), ns)
    return src, fdef


def _array_params(kinds):
    """The parameters the build is given an array of rank 1 or more: ``list(x)`` of one is the
    list of its items along the first axis, as ``[v for v in x]`` is (``frontend/param_copies.py``)."""
    return {p for p, k in (kinds or {}).items() if type(k) is int and k >= 1}


def _rewrites(src, fdef, namer, kinds, lists, sequences, helper_lists=(), records=None, top=False):
    """The source rewrites before desugar, in order: each writes a form Python reads one way as
    the plainer form later stages follow (a ``match`` as ``if``s, a partial as a call, a join of
    lists as a display, ...); each module's docstring states its invariant."""
    resolve_imports(src, fdef)
    pin_local_classes(src, fdef)
    getattr_names(src, fdef)
    set_displays(fdef, src.func)
    matches_as_ifs(fdef, namer, src)
    if kinds:       # before the aliases: `f = np.trapezoid if hasattr(np, "trapezoid") else np.trapz`
        fold_rank_tests(src, fdef, kinds)
        _mark_parameter_kinds(fdef, kinds)
        read_only_lists(src, fdef, kinds)
        namedtuple_fields(fdef, kinds, src)
    fn_aliases.substitute(src, fdef)
    function_loops(src, fdef, namer)
    partials_as_calls(src, fdef)
    local_partials(src, fdef, namer)
    super_calls(src, fdef, namer)
    strip_inert(src, fdef)
    rewrite_functional(src, fdef, namer)
    record_mutators(src, fdef, namer, top)
    object_lists(src, fdef, namer)
    global_records(src, fdef)
    rows = _array_params(kinds) | set(getattr(kinds, "lists", ())) | set(getattr(kinds, "tuples", ()))
    global_object_lists(src, fdef, namer, rows)
    pin_local_namedtuples(src, fdef)
    record_choices(src, fdef)
    name_record_values(src, fdef, namer)
    tuples_for_namedtuples(src, fdef, namer, records)
    drop_unused_classes(fdef)
    dict_rows(src, fdef)
    dict_updates(fdef, namer, kinds)
    dict_entry_names(fdef, namer)
    dict_comprehensions(fdef, src)
    dict_builds(fdef, namer)
    default_dicts(src, fdef)
    constant_keys(fdef, src, rows)
    dict_updates(fdef, namer, kinds)    # again: `p[k].update(...)` in a loop over constant keys, now unrolled
    runtime_keys(fdef, namer, src)
    aliases_as_one_name(fdef)
    extends_as_appends(fdef, namer, helper_lists)
    tuple_joins(src, fdef, namer, getattr(kinds, "tuples", ()))
    joins_as_displays(src, fdef, namer)
    queues_as_head_indexes(src, fdef, namer)
    copies_as_comprehensions(src, fdef, namer, lists, sequences)
    tolist_values(fdef, namer)
    unzip_assigns(src, fdef, namer)
    mutations_as_rebinds(src, fdef, namer)
    refuse_shared_slice_stores(src, fdef, helper_lists)
    starred_targets(src, fdef, namer)
    starred_displays(src, fdef, namer)
    starred_extrema(src, fdef, {p for p, k in (kinds or {}).items() if type(k) is int and k == 1})
    starred_calls(src, fdef, namer)
    local_objects(src, fdef, namer)
    copies_as_comprehensions(src, fdef, namer, lists, sequences)     # again: `self.c = list(c)` of an object
    function_comprehensions(fdef, namer)
    function_lists(src, fdef, namer)
    function_args(src, fdef, namer)
    function_values(src, fdef, namer)
    try_blocks(src, fdef, namer)
    lift_nested(src, fdef, namer)
    expand_star_kwargs(src, fdef)
    lazy_generators(src, fdef, namer)
    generator_calls(src, fdef)


def _mark_parameter_kinds(fdef, kinds):
    """Mark the parameters this build is given a Python int (``kinds.ints``): ``L * n`` of one
    repeats ``L`` (``analyses/list_names.int_names``), where a float or array ``n`` could not; and
    those given a random generator, with its class (``rng.normal(size=n)`` of one draws:
    ``frontend/methods.generator_names``)."""
    for a in fdef.args.args + fdef.args.kwonlyargs:
        a._s2sad_int = a.arg in getattr(kinds, "ints", ())
        a._s2sad_generator = next((cls for label, cls in GENERATOR_KINDS.items()
                                   if a.arg in getattr(kinds, label, ())), None)


def _mark_sequence_flats(fdef, params):
    """Mark ``p.flat`` of a parameter this build is given a list or tuple for (never rebound): Python
    raises there (``frontend/anf_values.flat_read`` leaves it as written), NumPy's ``np.ravel`` would not."""
    stored = {n.id for n in ast.walk(fdef) if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load)}
    for n in ast.walk(fdef):
        if isinstance(n, ast.Attribute) and n.attr == "flat" and isinstance(n.value, ast.Name) \
                and n.value.id in set(params) - stored:
            n._s2sad_sequence = True


def parsed_front_end(func, objects, stop_after, wrt, kinds, **options):
    """A build's first stages for the function differentiated, in both modes: parse (its ``objects``
    read as closure cells: ``frontend/bound_objects.py``), a namer and namespace of its names, then
    ``frontend``; the parse and anf dumps. Returns (Source, FunctionDef, Namer, Namespace)."""
    src = parse_function(func)
    signature_as_parameters(src.tree)
    if objects:
        as_cells(src, objects, all_names(src.tree) | {"np"})
    namer = Namer(all_names(src.tree) | {"np"})
    ns = Namespace(A.assigned_locals(src.tree), namer)
    _dump("parse", src.tree, stop_after)
    src, fdef = frontend(func, namer, ns, stop_after, wrt, src, kinds=kinds, **options)
    _dump("anf", fdef, stop_after)
    return src, fdef, namer, ns


def _inert(fdef, wrt):
    """Parameters not differentiated and never assigned: their attributes (``self.k``) are
    plain values (the function cannot give them a derivative)."""
    stored = {n.id for n in A.walk(fdef) if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load)}
    return {a.arg for a in fdef.args.args} - set(wrt) - stored
