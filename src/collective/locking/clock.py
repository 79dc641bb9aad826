"""The package's one clock (tests that document examples set it)."""

import time


def now():
    return time.time()
