"""The ROUGE evaluation harness: datasets, scoring, statistics, runs and reports.

``summarize eval`` (and ``python eval/run.py``) are thin shells over :func:`runner.run`.
Nothing heavy is imported here, so that ``summarize --help`` stays fast.
"""
