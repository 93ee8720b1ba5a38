"""Tests of summarize/batch."""
