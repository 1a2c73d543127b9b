"""The jit tier: the jit variants of the big tables, run with ``python -m pytest --jit-all``.

The default run (README command 2, CI) compiled hundreds of generated adjoints with numba, most
of its time; many cases of the big tables below compile an adjoint made of the same numba
helpers as the cases before them, so they test the helpers again on other programs, not other
helpers. Without ``--jit-all``, the jit variant of such a case is skipped (conftest.py); with it,
every case runs. What stays in the default run:

* every test that is not a jit case of a table below: every ``jit=False`` case, every dedicated
  jit test (first-try copies, fallbacks, checkpointing, jvp/hvp, errors and refusals under jit,
  the disk cache, every helper against its Python version), every case added to a table later;
* a FIXED sample of each table: the jit cases not listed as moved. They were chosen by running
  the jit cases of all these tables in one process on a cold cache (main at fb79e1c, in file
  order, ``NUMBA_OPT=0``) with a plugin recording which case first had numba compile each s2sad
  function (numba.core.compiler.compile_extra: an overload's implementation, a helper, a
  generated helper): a case that was the first for some function stays, and so does each
  table's first case. So every numba function the tables compiled (232) is still compiled in the
  default run; a moved case compiles its own adjoint from helpers compiled before it. Measured
  there: the tables' jit cases took 403 CPU seconds, the 225 moved 203 of them.

Stop 47 ran the same probe over the whole suite (main at 087c0d9, cold caches, ``NUMBA_OPT=0``):
first the tests that are not candidates (so they count as covering), then the candidates in
collection order; a candidate is a parametrised case whose ``jit`` parameter is True or, without
one, whose test function or file names jit. A candidate stays if it was the first to compile some
s2sad numba function no test outside the candidates compiled, or is its table's first case;
tables of dedicated jit paths (refusals and errors under jit, fallbacks, checkpointing, jvp/hvp
and forward modes, the disk cache, the every-helper test) keep all their cases, and so do tables
whose move saved under 0.6 CPU seconds. The other cases of the tables marked WHY47, and further
cases of tables above, moved (79 cases, 92 CPU seconds of the probe), except the 15 that were the
first to compile some helper for some argument types (an 'A'-layout array, a list of arrays: a
numba specialisation of its own; /work/scratch/suite47/out/siglost47.txt), which the lead put back. The probe ran in several
processes (the machine was shared) and was stopped before its end: non-candidates in two
(analyses..backends, frontend..fuzz), candidates in three (analyses..corpus, frontend..pipeline,
rules..transforms), each in file order; about 420 of the 933 candidates ran. Every shortcut only
keeps more: a function first compiled in two candidate processes keeps both first cases, a
function no non-candidate that ran compiled counts as compiled by none, a case that did not run
stays.

Stop 48 finished that probe another way (main at ed691cb, cold caches, ``NUMBA_OPT=0``): the
candidates ALONE, no other test before them, in processes of their own (backends, fuzz,
pipeline, tools; analyses, api, corpus, transforms; frontend then rules; rules alone, started
when the first process ended), each in collection order. A case stays if it was its process's
first to compile some s2sad numba function or some (function, argument types) pair, or is its
table's first case; so a moved case compiled only what cases kept in the default run compile
too. Running no other test first only keeps more, and so does a function first compiled in two
processes (both first cases stay). The same tables keep all their cases as at stop 47
(dedicated jit paths, moves saving under 0.6 CPU seconds). The machine was loaded (load 9-14 on
two cores): the probe was stopped after 821 of the 951 candidates (the cases already in the
tier among them, skipped); a case that did not run stays. 50 more cases moved (39 CPU seconds
of the probe), in 22 tables; tables new here are marked WHY48. Of the 569 candidates that ran
outside the tier, 292 were the first to compile some function or argument types, 114 are their
table's first case (most tests have one jit case) and 113 are in tables kept whole.

Stop 51 (main at d7eccf1, cold caches, ``NUMBA_OPT=0``, a pytest plugin recording every numba
compile with its argument types per test; /work/scratch/suite51/plug/firstcomp.py) looked at the
costliest files. Tests that compiled a function's grad and its jvp (or hvp) in one case were split
into one case a mode (``mode`` parameter; the jit=False cases check what the old test checked).
The probe ran the files in a few processes (the rules files in one; backends, frontend, fuzz and
transforms files in another; each split test in one of its own, grad first), in collection order. A
jit case moved when it compiled no s2sad numba function (an overload's implementation, a helper) that
no case kept before it in that process compiled (two jvp cases: functions kept cases of other files
compile, named in the commits), and never a table's only kept case, a refusal or an error under jit. Marked WHY51
(rows of a table compiling the same helpers) and WHY51J (a jvp or hvp case whose function's grad jit
case stays). What is still compiled only by moved cases is their own generated function and argument
types (a matrix right-hand side of solve_triangular under jvp, einsum of three and four operands,
int powers): every helper stays compiled in the default run, some for other argument types only
(/work/scratch/suite51/moved51.txt lists the moved cases with their probe CPU seconds).

To move another table: run its jit cases with the others the same way, move the cases that
were the first to compile nothing, and say why here.
"""

WHY = "the jit cases compile adjoints of the same helpers as the cases kept"
WHY47 = "the jit cases compile adjoints of numba functions other tests of the default run compile"
WHY48 = "the jit cases compile only numba functions and argument types that jit cases kept compile"
WHY51 = "the jit cases compile no s2sad numba function that jit cases kept do not compile"
WHY51J = ("a jvp (or hvp) jit case split from a test whose grad jit case stays: it compiles no s2sad numba function "
          "the kept cases do not compile, only its own generated function")
TABLES = {
    "tests/corpus/test_soundness.py::test_both_modes": (WHY, {
        'adjoint_of_a_number_read_through_a_view-True', 'augassign_scalar_param-True',
        'average_over_an_axis_not_differentiated-True', 'builtin_all_any_gates1-True',
        'builtin_all_any_gates2-True', 'builtin_sum_of_list-True', 'chained_index_writes-True',
        'clip_number_between_array_bounds1-True', 'comprehension_over_range-True',
        'comprehension_shadows-True', 'de_casteljau-True', 'de_casteljau_weighted-True',
        'dot_of_views_before_inplace_rows-True', 'early_return_in_loop0-True', 'early_return_in_loop1-True',
        'early_return_in_loop2-True', 'early_return_other_branch1-True', 'enumerate_reversed_start-True',
        'enumerate_zip-True', 'for_else0-True', 'for_else1-True', 'generator_in_sum-True',
        'helper_returning_a_tuple_early0-True', 'helper_returning_a_tuple_early1-True',
        'lambda_assigned_to_a_name-True', 'list_comprehension-True', 'list_of_a_generator-True',
        'list_of_enumerate-True', 'list_of_zip1-True', 'list_with_dtype-True', 'logistic_map-True',
        'loop_over_filter_and_iter-True', 'loop_over_rebound_name-True', 'mean_of_list-True',
        'method_of_global_array-True', 'nested_def-True', 'nested_def_reads_later_local-True',
        'nested_def_rk4-True', 'nested_def_with_defaults_reading_locals-True', 'nested_list-True',
        'nested_zip-True', 'norm_of_list-True', 'open_slice_of_a_growing_list-True',
        'pairs_by_comprehension_with_early_return0-True', 'pairs_by_comprehension_with_early_return1-True',
        'parameter_made_active_in_loop-True', 'quaternion-True', 'ragged_list_parameter-True',
        'rebound_in_one_branch0-True', 'rebound_in_one_branch1-True', 'rebound_with_another_shape-True',
        'rebound_with_another_shape_while0-True', 'rebound_with_another_shape_while1-True', 'rotation-True',
        'rotation_with_a_constant_row-True', 'states_read_from_the_end-True', 'string_defaults-True',
        'transpose_view_after_row_write-True', 'variable_index_from_the_end-True', 'while_else0-True',
        'while_else1-True', 'whole_list_read_while_it_grows-True', 'window_from_the_end-True',
        'write_from_the_end-True', 'write_through_alias_then_rebind-True', 'write_through_helper_result-True',
        'zip_range-True',
    }),
    "tests/corpus/test_soundness.py::test_recursion_both_modes": (WHY, {
        'recursion_beside_integer_temporaries-True',
    }),
    "tests/backends/test_jit.py::test_jit_matches_python_and_finite_differences": (WHY, {
        'add', 'broadcast_col_row', 'builtin_abs', 'call_helper', 'clip_func', 'cond_expr_true',
        'cumulative_sum', 'default_param_omitted', 'div', 'fancy_write', 'for_range_start_stop_step',
        'gaussian', 'helper_in_loop', 'if_elif_else_2', 'keepdims_softmax', 'least_squares',
        'list_append_then_array', 'logistic_loss', 'logsumexp', 'loop_over_rows', 'loop_tape_array',
        'math_mix', 'matmul_op_2d_2d', 'max_axis', 'mlp', 'module_constants', 'nested_loops', 'newton_sqrt',
        'none_default', 'norm_of_difference', 'np_maximum', 'np_tanh', 'polynomial', 'prod_axis',
        'recurrence_unpack', 'reshape_minus_one', 'rnn', 'running_max', 'sigmoid',
        'sum_negative_and_tuple_axis', 'sum_of_squares', 'three_args_wrt_0_2', 'where_two_arrays',
        'while_break', 'while_data_dependent_8_trips', 'while_norm_array', 'write_2d',
    }),
    "tests/rules/test_rules_pieces.py::test_jit_equals_python": (WHY, {
        'copysigns-args0-0', 'corr_cols-args10-0', 'corr_of_nested_list-args11-0', 'hsplits-args3-0',
        'power_negative-args7-0', 'power_zero-args6-0', 'vsplits-args2-0',
    }),
    "tests/rules/test_rules_linalg_stats.py::test_jit_against_finite_differences_and_python": (WHY, {
        'average_axes', 'tdots',
    }),
    "tests/rules/test_sequence_builtins.py::test_sequence_builtins": (WHY, {
        'True-w0-max_min_of_list_variable', 'True-w0-max_of_array', 'True-w0-min_of_array',
        'True-w0-sorted_array', 'True-w0-sorted_then_updated', 'True-w1-max_min_of_list_variable',
        'True-w1-max_of_array', 'True-w1-max_of_comprehension', 'True-w1-min_of_array',
        'True-w1-min_of_generator', 'True-w1-sorted_array', 'True-w1-sorted_list',
        'True-w1-sorted_then_updated',
    }),
    "tests/analyses/test_alias.py::test_writes_through_aliases": (WHY, {
        'appended_through_another_name18-True', 'copy_then_rebound_in_loop15-True',
        'inplace_scalar_alias9-True', 'jacobi_sweeps16-True', 'param_written_through_view8-True',
        'same_object1-True', 'same_object_inplace2-True', 'two_copies_of_one_array12-True',
        'view_in_branch6-True', 'view_in_branch7-True', 'write_before_a_later_join13-True',
        'write_before_a_later_join14-True', 'zero_d_array_alias11-True',
    }),
    "tests/frontend/test_list_aliases.py::test_mutations_through_an_alias_and_its_list_are_exact": (WHY, {
        'arrays_appended_through_both-True', 'extend_through_both-True', 'grown_in_a_while_loop-True',
        'helper_appends_through_both-True', 'helper_grows_a_parameter_through_both-True',
        'insert_and_del_through_both-True', 'pop_through_the_other_name-True',
        'slot_rebound_in_a_branch-True', 'source_rebound_first-True',
    }),
    "tests/analyses/test_alias_distinct.py::test_double_buffering_is_exact": (WHY, {
        'heat_swap_by_tuple-True', 'heat_swap_of_the_parameter-True', 'heat_swap_through_tmp-True',
        'rotate_three_buffers-True', 'swap_in_a_while_with_ellipsis_writes-True',
    }),
    "tests/analyses/test_alias_chain.py::test_a_write_through_a_chain_of_views_is_exact": (WHY, {
        'siblings_and_descendants-True', 'slice_of_a_row_scaled-True', 'slices_of_slices_written-True',
        'stores_through_calls_and_attributes-True', 'swapaxes_written-True', 'view_of_a_copy_updated-True',
    }),
    "tests/rules/test_rules_append_inner_block.py::test_jit_where_numba_has_the_function": (WHY, {
        'append_axis', 'append_axis0', 'append_flat matrix, vector', 'append_number', 'correlate_full',
        'correlate_full shorter a', 'correlate_same', 'correlate_same shorter a', 'correlate_valid shorter a',
        'inner matrices', 'inner matrix, vector', 'inner number', 'inner vector, matrix',
    }),
    "tests/backends/test_average_take_axis_jit.py::test_compiles_and_matches": (WHY, {
        'columns-2x3', 'columns-5x2x3', 'full_weights-2x3', 'full_weights-5x2x3', 'last_kept-2x3',
        'last_kept-4x3', 'last_kept-5x2x3', 'rows_weighted-2x3', 'take_columns-2x3', 'take_columns-5x2x3',
        'take_rows_twice-2x3', 'take_rows_twice-4x3', 'take_rows_twice-5x2x3', 'vector_weights-2x3',
        'vector_weights-5x2x3',
    }),
    "tests/backends/test_nan_reductions_axis_jit.py::test_compiles_and_matches": (WHY, {
        'means_kept-2x3x2', 'means_kept-4x3', 'means_of_columns-2x3x2', 'sums_of_rows-2x3x2',
        'sums_of_rows-4x3', 'sums_of_rows-5', 'whole-2x3x2', 'whole-5',
    }),
    "tests/frontend/test_list_mutation.py::test_gradient": (WHY, {
        'branches-True', 'inserted-True', 'middle-True', 'stack-True', 'stack_in_loops-True',
    }),
    "tests/frontend/test_starred_displays.py::test_gradient": (WHY, {
        'grown_then_starred-True', 'in_a_loop-True', 'of_arrays-True',
    }),
    "tests/frontend/test_small18.py::test_diff_with_prepend_append_matches_finite_differences": (WHY, {
        'diff_append_element-True', 'diff_columns_prepend_column-True',
    }),
    "tests/analyses/test_shapes.py::test_gradients": (WHY, {
        'rk412', 'split_rejoin13', 'variable_prefix15', 'variable_prefix16',
    }),
    "tests/rules/test_rules_nan_steps_gamma.py::test_jit": (WHY, {
        'gamma', 'sinc',
    }),
    "tests/corpus/test_corpus_arrays.py::test_corpus_arrays_jit": (WHY, {
        'broadcast_col_row', 'cumulative_sum', 'dot_2d_1d', 'leaky_relu', 'least_squares', 'logistic_loss',
        'matmul_op_2d_2d', 'max_axis', 'write_zeros_loop',
    }),
    "tests/backends/test_jit_idioms.py::test_joins_of_one_item_and_of_reductions_compile": (WHY, {
        'hstack_of_a_tuple_of_reductions', 'hstack_one',
    }),
    "tests/transforms/test_recursion.py::test_recursive_gradients_jit": (WHY, {
        'fast_power', 'mutual', 'pair', 'tree_product',
    }),
    "tests/api/test_names.py::test_user_name_equal_to_a_generated_name_jit": (WHY, {
        'helper local-b_x', 'local-max', 'param-r', 'param-range',
    }),
    "tests/analyses/test_alias44.py::test_jit": (WHY47, {
        'same_shape_dataclass', 'same_shape_list_loop',
    }),
    "tests/analyses/test_alias_effects_and_layout.py::test_write_into_a_flat_view_of_a_copy_is_exact": (WHY47, {
        'write_into_ravel_of_a_copy-F-True', 'write_into_reshape_of_a_copy-C-True',
        'write_into_reshape_of_a_copy-F-True',
    }),
    "tests/analyses/test_alias_flow_lists.py::test_slot_of_a_copy_rebound_both_modes": (WHY47, {
        'slice_copy_rebind-True',
    }),
    "tests/analyses/test_alias_fresh_results.py::test_write_into_a_fresh_result": (WHY47, {
        'array_of_the_same_item_twice---True',
    }),
    "tests/analyses/test_alias_guard.py::test_a_write_through_a_view_of_another_iteration_or_branch_is_exact": (WHY47, {
        'view_before_the_loop_base_rebound2-True', 'view_taken_after_the_write_in_the_loop3-True',
        'view_taken_in_one_branch4-True', 'view_taken_in_one_branch5-True',
        'zip_over_a_name_the_body_rebinds1-True',
    }),
    "tests/frontend/test_desugar.py::test_starred_unpacking": (WHY47, {
        'first_middle_last-args1-True', 'rows_of_a_matrix-args2-True', 'star_of_a_display-args3-True',
    }),
    "tests/frontend/test_fill_lowering.py::test_fill_is_differentiated": (WHY47, {
        'fill_a_row-True', 'fill_the_parameter-True', 'fill_with_a_constant-True',
        'fill_with_a_scalar_argument-True',
    }),
    "tests/frontend/test_functional.py::test_jit_equals_python": (WHY47, {
        'reduce_in_test',
    }),
    "tests/frontend/test_functional_reverse.py::test_gradient": (WHY47, {
        'keyed_with_ties-True', 'not_reversed-True', 'pairs-True',
    }),
    "tests/frontend/test_functional_tuples.py::test_gradient": (WHY47, {
        'ties_decided_by_the_second-True', 'zipped-True',
    }),
    "tests/frontend/test_kwargs_param.py::test_gradient": (WHY47, {
        'named_and_extra-True', 'nested-True',
    }),
    "tests/rules/test_builtin_extremes.py::test_max_min_of_several_values": (WHY47, {
        'True-args0-max_min_of_several_arguments', 'True-args0-max_of_one_item',
        'True-args1-max_min_of_displays', 'True-args1-max_min_of_several_arguments',
        'True-args1-max_of_one_item', 'True-args2-max_min_of_displays',
        'True-args2-max_min_of_several_arguments', 'True-args2-max_of_one_item',
    }),
    "tests/rules/test_constant_over.py::test_gradients_match_finite_differences": (WHY47, {
        'division_forms-True',
    }),
    "tests/rules/test_decomposition_ties.py::test_tied_values_used_alike_are_differentiated_in_reverse_mode": (WHY47, {
        '0.0-eigvalsh_sum_of_squares-jit', '0.0-svdvals_sum_of_squares-jit', '0.0-svdvals_tied_sum-jit',
        '0.001-eigvalsh_sum_of_squares-jit', '0.001-eigvalsh_tied_sum-jit',
        '0.001-svdvals_sum_of_squares-jit', '0.001-svdvals_tied_sum-jit', '5e-08-eigvalsh_sum_of_squares-jit',
        '5e-08-eigvalsh_tied_sum-jit', '5e-08-svdvals_sum_of_squares-jit', '5e-08-svdvals_tied_sum-jit',
    }),
    "tests/backends/test_jit_array_tapes.py::test_stable_shape_tape_without_a_count_grows": (WHY48, {
        'triangle',
    }),
    "tests/backends/test_jit_array_tapes.py::test_rows_of_a_list_of_lists_are_taped_as_lists": (WHY48, {
        'soft_table_appended',
    }),
    "tests/backends/test_list_reductions_jit.py::test_reduction_of_a_list_compiled": (WHY48, {
        'display_reductions', 'env_max', 'env_mean', 'env_min', 'env_sum',
    }),
    "tests/backends/test_unbroadcast_0d_jit.py::test_zero_d_array_broadcast_against_a_vector": (WHY48, {
        'wrt1',
    }),
    "tests/corpus/test_hunt19.py::test_numpy_ufunc_of_a_list_under_jit": (WHY48, {
        'log_of_a_list_display', 'relu_of_a_list',
    }),
    "tests/corpus/test_intw42.py::test_float_parameter_passes_the_run_time_check": (WHY48, {
        'True-param_written_through_arithmetic',
    }),
    "tests/corpus/test_intw42.py::test_float_targets_still_exact": (WHY48, {
        'True-float_like', 'True-float_written_param', 'True-float_zeros', 'True-inactive_float_into_int',
        'True-int_times_float',
    }),
    "tests/corpus/test_views42.py::test_add_at_value_is_numpys_bit_for_bit": (WHY48, {
        'jit-subtract_at_seen_through_a_view',
    }),
    "tests/transforms/test_aggregates_helpers.py::test_local_dict_to_a_helper": (WHY48, {
        'alias_of_dict-True', 'dict_display_argument-True', 'effect_on_dict-True',
    }),
    "tests/transforms/test_dict_loops.py::test_against_finite_differences": (WHY48, {
        'entries_got-True', 'loop_over_a_live_view-True', 'loop_over_key_lists-True',
        'loop_over_sorted_keys-True', 'nested_loops-True',
    }),
    "tests/transforms/test_global_through_helper.py::test_a_write_through_a_parameter_bound_to_a_global_is_exact": (WHY48, {
        'slices_inside_the_helper-True',
    }),
    "tests/transforms/test_inline.py::test_keyword_only_parameters_of_a_helper_are_bound_by_name": (WHY48, {
        'keyword_only_lambda-True', 'keyword_only_nested_helper-True',
    }),
    "tests/transforms/test_kinds18.py::test_list_of_a_proven_sequence_is_differentiated": (WHY48, {
        'True-list_copy_written-', 'True-list_of_a_range-', 'True-list_of_a_tuple_then_append-',
        'True-list_of_an_array-',
    }),
    "tests/transforms/test_rec46.py::test_unpacking_a_wrapped_tuple": (WHY48, {
        'wrapped_plain_pair-True', 'wrapped_two_levels-True',
    }),
    "tests/transforms/test_split_joint.py::test_groups_mixing_both_schemes": (WHY48, {
        '<lambda>-<lambda>-True',
    }),
    "tests/frontend/test_lower.py::test_range_bound_the_body_rebinds_is_read_once": (WHY48, {
        'bound_rebound_in_a_helper-True', 'bound_rebound_in_a_reversed_range-True',
        'inner_bound_rebound_by_the_inner_body-True', 'start_and_step_rebound-True',
    }),
    "tests/frontend/test_nonlocals.py::test_gradient": (WHY48, {
        'a_parameter_rebound-True', 'assigned_by_the_call-True', 'rebinds_an_array-True', 'with_value-True',
    }),
    "tests/frontend/test_open47_function_args.py::test_jit": (WHY48, {
        'ode',
    }),
    "tests/frontend/test_open47_list_params.py::test_jit": (WHY48, {
        'named_list',
    }),
    "tests/frontend/test_own_methods.py::test_kinds_of_methods": (WHY48, {
        'classmethods-True', 'constants-True', 'self_all_kinds-True',
    }),
    "tests/frontend/test_scipy_linalg_forms.py::test_derivatives": (WHY48, {
        'True-unpacked',
    }),
    "tests/rules/test_helper_tangents_more.py::test_trapezoid_against_autograd": (WHY48, {
        '1-True',
    }),
    "tests/rules/test_helper_tangents_more.py::test_cumprod_exact_at_a_zero": (WHY51, {'True'}),
    "tests/rules/test_helper_tangents_stats.py::test_quantiles_compiled": (WHY51, {'percentile_sines'}),
    "tests/rules/test_helper_tangents_stats.py::test_vandermonde": (WHY51, {'increasing-0-True'}),
    "tests/frontend/test_accumulate.py::test_accumulate_is_exact": (WHY51J, {
        # loop_with_initial: every mode moved at stop 47 (WHY47), before the test was split by mode
        'grad-loop_with_initial-True', 'jvp-loop_with_initial-True', 'hvp-loop_with_initial-True',
        'jvp-summed-True', 'jvp-operator_product-True', 'jvp-generator_keyword-True', 'jvp-empty_items-True',
        'hvp-summed-True', 'hvp-generator_keyword-True', 'hvp-running_max-True', 'hvp-empty_items-True',
    }),
    "tests/frontend/test_scipy_stats_forms.py::test_derivatives": (WHY51J, {'jvp-True'}),
    "tests/frontend/test_scipy_forms.py::test_derivatives_in_x_loc_scale": (WHY51J, {'jvp-True'}),
    "tests/frontend/test_scipy_forms.py::test_logsumexp_weights": (WHY51J, {'jvp-True'}),
    "tests/frontend/test_scipy_forms.py::test_student_t_derivatives": (WHY51J, {'jvp-True'}),
    "tests/transforms/test_inplace_helpers.py::test_jit_both_modes": (WHY51J, {'jvp'}),
    "tests/frontend/test_numpy_forms_more.py::test_reverse_and_forward_jit": (WHY51J, {'jvp'}),
    "tests/rules/test_rules_special.py::test_logaddexp_accumulate_jit": (WHY51J, {'hvp-True'}),
    "tests/rules/test_rules_special.py::test_polynomial_calculus_jit": (WHY51J, {'jvp'}),
    "tests/fuzz/test_open_items39.py::test_a_stack_of_matrices_times_a_vector_compiles": (WHY51J, {'jvp'}),
    "tests/transforms/test_dict_entries.py::test_compiled_matches_python_and_finite_differences": (WHY51J, {'jvp'}),
    "tests/backends/test_empty_stack_of_arrays.py::test_an_empty_stack_of_arrays_compiles_and_is_exact": (WHY51J, {
        'jvp-rpn_of_matrices', 'jvp-rpn_of_strided',
    }),
}
"""nodeid of a parametrised test (``path::name``) -> (why its jit cases can move, the ids moved)."""


def moved(item):
    """Whether ``item`` is a jit case of a table here that was moved to the tier."""
    base, _, params = item.nodeid.partition("[")
    table = TABLES.get(base)
    if table is None:
        return False
    spec = getattr(item, "callspec", None)
    if spec is not None and spec.params.get("jit", True) is not True:
        return False            # the jit=False case of a table with both: always in the default run
    return params[:-1] in table[1]
