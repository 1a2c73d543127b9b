"""A rule's helper refusing at run time in forward mode names the user's line, also when that line
is kept verbatim in the jvp (no comment above it: emit records its location from a silent marker)."""
import numpy as np
import pytest

import s2sad


def lowest_eigenvalue(a):
    w = np.linalg.eigvalsh(a)
    return w[0] * 3.0 - w[1]


def test_a_verbatim_line_refusing_at_run_time_is_located():
    jvp = s2sad.jvp(lowest_eigenvalue)
    with pytest.raises(s2sad.NoDerivativeError, match="repeated eigenvalues") as err:
        jvp(np.eye(3), np.ones((3, 3)))
    assert str(err.value).startswith('File "') and "w = np.linalg.eigvalsh(a)" in str(err.value)
    assert "w = np.linalg.eigvalsh(a)" in jvp.source and "# w = np.linalg.eigvalsh(a)" not in jvp.source
