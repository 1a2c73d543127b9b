"""Analyses of the normalized form; they annotate, they do not rewrite.

``ir`` (what each statement does), ``activity`` (which values carry
derivatives; in forward mode by the forward rule table: ``forward_activity``), ``kinds``
(each name's rank; of one expression: ``expr_ranks``), ``shapes`` (stable shapes), ``tape``
(what the reverse sweep must save), ``prealloc`` (array tapes for compiled code).
"""
