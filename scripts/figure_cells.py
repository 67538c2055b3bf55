"""Which code cells only draw a figure or show a widget: their code is folded away in the book.

The live slides hide the code of exactly these cells with CSS (``notebooks/rise.css``: a code
cell whose output area holds an ``img`` or a ``.jupyter-widgets`` element). This is the same rule
for a stored notebook, read from its outputs, so the book (scripts/build_book.py) folds the same
cells that the slides hide. Other code stays visible: the answer-check cells of the exercises
(``answer = None ...``), lines that print a result, ``explorer.set(...)``.

Stored outputs map onto the CSS as follows: an ``image/*`` output and a ``text/html`` output with
an ``<img>`` both render as an ``img`` in the output area; a widget (an explorer or a question)
is an ``application/vnd.jupyter.widget-view+json`` output, rendered as ``.jupyter-widgets``.
"""

from __future__ import annotations

import re

__all__ = ["WIDGET_MIME", "shows_figure_or_widget"]

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
IMG_TAG = re.compile(r"<img[\s/>]", re.IGNORECASE)


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def shows_figure_or_widget(cell) -> bool:
    """True for a code cell whose stored output shows a picture or a widget (rise.css's rule).

    Examples
    --------
    >>> import nbformat
    >>> def cell(source, **data):
    ...     c = nbformat.v4.new_code_cell(source)
    ...     c.outputs = [nbformat.v4.new_output("execute_result", data=data, execution_count=1)]
    ...     return c
    >>> shows_figure_or_widget(cell("eastern_flank.suwalki_map()", **{"text/html": "<img alt='m'>"}))
    True
    >>> shows_figure_or_widget(cell("explorer", **{WIDGET_MIME: {"model_id": "x"}}))
    True
    >>> shows_figure_or_widget(cell("letter.quote('p03')", **{"text/html": "<blockquote>"}))
    False
    >>> answer = nbformat.v4.new_code_cell("answer = None\\nprint(q1.check(answer))")
    >>> answer.outputs = [nbformat.v4.new_output("stream", text="No answer yet.")]
    >>> shows_figure_or_widget(answer), shows_figure_or_widget(nbformat.v4.new_markdown_cell("<img>"))
    (False, False)
    """
    if cell.get("cell_type") != "code":
        return False
    for output in cell.get("outputs", []):
        data = output.get("data", {})
        if WIDGET_MIME in data or any(mime.startswith("image/") for mime in data):
            return True
        if IMG_TAG.search(_text(data.get("text/html", ""))):
            return True
    return False
