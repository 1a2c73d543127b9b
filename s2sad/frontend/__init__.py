"""Front end: read the user's function and bring it to the normalized form.

parse (``parsing``) -> check (``check``) -> lower (``lower``: structured control
flow only; ``lower_loops``: a ``for`` header as ``range(n)``) -> anf (``anf``: one
operation per statement; ``anf_values``: expressions, ``anf_calls``: calls); ``resolve``
says what a name refers to.
"""
