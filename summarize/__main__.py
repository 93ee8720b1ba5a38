"""``python -m summarize``: the same as the ``summarize`` command."""

from .cli import main

if __name__ == "__main__":
    main()
