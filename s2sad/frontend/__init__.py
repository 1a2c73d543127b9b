"""Front end: read the user's function and bring it to the normalized form.

parse (``parsing``) -> check (``check``) -> lower (``lower``: structured control
flow only) -> anf (``anf``: one operation per statement); ``resolve`` says what
a name refers to.
"""
