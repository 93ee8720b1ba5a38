"""Tests of summarize/cli."""
