"""The suites of make check, one file each (tests/run_tests.py runs them)."""
