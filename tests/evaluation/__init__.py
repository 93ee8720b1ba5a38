"""Tests of the evaluation harness's pieces."""
