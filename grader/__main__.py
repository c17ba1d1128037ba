"""``python -m grader``: the same as the ``grade`` command.

The current folder is taken off ``sys.path`` first, so a ``json.py`` or ``click.py`` lying
there is never imported (``grade`` itself never has it on its path).  ``grader`` itself was
found before this runs: run ``grade``, or ``python -P -m grader`` (Python 3.11+), from a folder
you do not trust.
"""

import os
import sys

sys.path[:] = [p for p in sys.path if p not in ("", ".", os.getcwd())]

from grader.cli import main  # noqa: E402

main()
