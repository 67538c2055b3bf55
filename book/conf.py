"""Sphinx configuration of the natokit book (``make book``; see scripts/build_book.py).

scripts/build_book.py lays out the source tree (the notebooks, the glossary page, the instructor
guide and the handout) and runs Sphinx with this folder as its configuration directory. The
notebooks are shown with their stored outputs, never executed again; no page loads anything
from the web.
"""

import os

project = "natokit"
author = "natokit contributors"
copyright = "natokit contributors; code MIT, text and data CC-BY-4.0"

extensions = ["myst_nb"]
myst_enable_extensions = ["colon_fence", "deflist"]
# Headings become link targets, so a notebook's links to its own sections resolve.
myst_heading_anchors = 3

# The notebooks are shown as stored (executed and checked by nbval), never run again.
nb_execution_mode = "off"
# No saved widget state and no widget JavaScript from a CDN: every explorer and question shows
# its text/html face (picture, caption, question). The widget view is never chosen.
nb_ipywidgets_js = {}
nb_mime_priority_overrides = [
    ("html", "application/vnd.jupyter.widget-view+json", None),
    ("html", "application/vnd.jupyter.widget-state+json", None),
]
# Input prompts off; code stays visible (students learn the calls), outputs as stored. Only the
# code of cells that just draw a figure or show a widget is folded (build_book.py tags them
# hide-input): a plain <details> under the picture's cell, no script, nothing from the web.
nb_number_source_lines = False
nb_code_prompt_show = "Show the code"
nb_code_prompt_hide = "Hide the code"

# Quotes and dashes as written (no typographic substitution): the letter and the data are quoted.
smartquotes = False
exclude_patterns = ["_build", "**.ipynb_checkpoints"]
# Markdown links from the handout or guide to files outside the book (data, src) are not pages.
suppress_warnings = ["myst.xref_missing", "mystnb.unknown_mime_type"]

html_theme = "sphinx_book_theme"
html_title = "natokit: NATO deterrence policy, taught from one letter"
# Set by scripts/build_book.py from [tool.natokit] in pyproject.toml (one place for the address).
_repository = os.environ.get("NATOKIT_REPOSITORY", "natokit/natokit")
_branch = os.environ.get("NATOKIT_BRANCH", "main")
html_theme_options = {
    "repository_url": f"https://github.com/{_repository}",
    "repository_branch": _branch,
    "path_to_docs": "",
    "use_repository_button": True,
    "launch_buttons": {"binderhub_url": "https://mybinder.org", "notebook_interface": "jupyterlab"},
    "show_toc_level": 2,
}
html_last_updated_fmt = None
html_copy_source = False
html_show_sourcelink = False
