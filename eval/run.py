"""The evaluation harness from a checkout: ``python eval/run.py DATA [options]``.

The same command as ``summarize eval`` (see ``eval/README.md``).
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from summarize.cli import cli  # noqa: E402

if __name__ == "__main__":
    cli(["eval", *sys.argv[1:]], prog_name="eval/run.py")
