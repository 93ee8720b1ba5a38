"""Tests of summarize/segment."""
