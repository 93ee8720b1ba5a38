"""Tests of summarize/embed."""
