"""Tests of summarize/ingest."""
