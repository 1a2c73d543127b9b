"""Analyses of the normalized form; they annotate, they do not rewrite.

``ir`` (what each statement does), ``activity`` (which values carry
derivatives), ``kinds`` (ranks and stable shapes), ``tape`` (what the reverse
sweep must save), ``prealloc`` (array tapes for compiled code).
"""
