"""The records (a dataclass and a namedtuple of one array and one number) and the values shared by
stop 59's tests of record arguments (test_check_jvp_records59, test_check_vjp_records59,
test_returned_helper_tuple59)."""
import dataclasses
from typing import NamedTuple

import numpy as np


@dataclasses.dataclass
class P:
    w: np.ndarray
    b: float


class NT(NamedTuple):
    w: np.ndarray
    b: float


W = np.array([0.3, -0.7, 1.1])
X = np.array([0.5, 1.5, -0.4])
