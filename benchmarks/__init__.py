"""The benchmarks (``make bench``: ``.venv/bin/python -m benchmarks.bench``)."""
