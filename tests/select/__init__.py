"""Tests of summarize/select."""
