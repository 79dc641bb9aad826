"""Sphinx configuration of collective.locking's documentation."""

project = "collective.locking"
author = "collective.locking developers"
copyright = "2026, collective.locking developers"

extensions = [
    "myst_parser",
    "sphinxcontrib.httpdomain",
    "sphinxcontrib.httpexample",
]

source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "http-examples", "benchmark-results.md"]

myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

html_theme = "alabaster"
html_static_path = ["_static"]
html_theme_options = {
    "description": "Resource and fragment locking for Plone's REST API",
}

# The examples' Host header is make start's server.
httpexample_scheme = "http"
