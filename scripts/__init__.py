"""Scripts of the checkout (run from its root: ``.venv/bin/python -m scripts.NAME``)."""
