"""Tests of summarize/render."""
