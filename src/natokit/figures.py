"""What every figure of the kit shares: a title, a source line, alt text and fast PNG output.

Figures are plain :class:`matplotlib.figure.Figure` objects, not pyplot ones, so nothing is shown
twice in a notebook and nothing leaks between cells. A notebook shows a figure through its
``_repr_html_``: an ``<img>`` with alt text, which screen readers read and a projector shows crisp.

Examples
--------
>>> from natokit.figures import FigureView
>>> view = FigureView(title="Example", source="Source: made up for the example", alt="An empty plot")
>>> view.to_png()[:4]
b'\\x89PNG'
"""

from __future__ import annotations

import base64
import html
import io
import os
import textwrap

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

from . import style

__all__ = ["FigureView", "compact_png"]


def compact_png(image: bytes | np.ndarray) -> bytes:
    """A small PNG for storing in a notebook: at most 256 colours, no metadata, stable bytes.

    The kit's figures have flat colours plus antialiased edges, so a palette of at most 256
    colours (octree quantisation, no dithering; a picture of 64 colours or fewer keeps them
    exactly) shows no visible difference and takes about a quarter of matplotlib's RGBA PNG. Nothing in the file depends on the time, the machine or the
    library versions (no text chunks), so the same pixels always give the same bytes and a
    re-run notebook changes no bytes unless its pictures change.

    Parameters
    ----------
    image : bytes or ndarray
        PNG bytes, or an (H, W, 3) or (H, W, 4) ``uint8`` array (alpha is dropped: the kit's
        figures are opaque).

    Examples
    --------
    >>> import numpy as np
    >>> picture = np.zeros((4, 6, 3), dtype=np.uint8)
    >>> picture[1:3, 2:5] = (0, 114, 178)
    >>> data = compact_png(picture)
    >>> data[:4], data == compact_png(picture.copy()), data == compact_png(data)
    (b'\x89PNG', True, True)
    """
    from PIL import Image  # imported here: only stored pictures need it

    if isinstance(image, bytes | bytearray | memoryview):
        with Image.open(io.BytesIO(bytes(image))) as opened:
            pixels = np.asarray(opened.convert("RGB"))
    else:
        pixels = np.ascontiguousarray(np.asarray(image, dtype=np.uint8)[..., :3])
    picture = Image.fromarray(pixels, "RGB")
    if picture.getcolors(64) is not None:  # few colours: kept exactly
        palette = picture.quantize(256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    else:
        palette = picture.quantize(256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    buffer = io.BytesIO()
    palette.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


class FigureView:
    """A figure with a title, a source line and alt text, rendered to PNG on demand.

    Parameters
    ----------
    title : str
        Shown above the plot.
    source : str
        Shown in small print under the plot; say where the data came from.
    alt : str
        Alternative text for screen readers: what the figure shows, in one or two sentences.
    figsize : (float, float), optional
        Inches; defaults to the current style's width, landscape (16:9).

    Examples
    --------
    >>> view = FigureView(title="T", source="S", alt="A")
    >>> view.alt
    'A'
    """

    def __init__(
        self,
        title: str = "",
        source: str = "",
        alt: str = "",
        figsize: tuple[float, float] | None = None,
    ):
        sizes = style.sizes()
        width = sizes["width_in"]
        if figsize is not None:
            figsize = tuple(figsize)
            if len(figsize) != 2 or not all(isinstance(v, int | float) and v > 0 for v in figsize):
                raise ValueError(f"figsize must be (width, height) in inches, not {figsize!r}")
        self.figure = Figure(figsize=figsize or (width, width * style.ASPECT), dpi=sizes["dpi"])
        FigureCanvasAgg(self.figure)
        self._sizes = sizes
        self._title = self.figure.suptitle(
            "", x=0.01, y=0.985, ha="left", va="top", fontsize=sizes["title"], fontweight="bold"
        )
        self._source = self.figure.text(
            0.01,
            0.01,
            "",
            ha="left",
            va="bottom",
            fontsize=sizes["small"],
            color=style.COLORS["muted"],
        )
        self.alt = alt
        self.set_title(title)
        self.set_source(source)

    def set_title(self, title: str) -> None:
        """Set the title shown above the figure.

        Examples
        --------
        >>> view = FigureView()
        >>> view.set_title("NATO in 1949")
        >>> view.title
        'NATO in 1949'
        """
        self._title.set_text(title)

    @property
    def title(self) -> str:
        """The title text.

        Examples
        --------
        >>> FigureView(title="NATO in 1949").title
        'NATO in 1949'
        """
        return self._title.get_text()

    @property
    def title_artist(self) -> Text:
        """The :class:`matplotlib.text.Text` that shows the title.

        Examples
        --------
        >>> FigureView(title="T").title_artist.get_text()
        'T'
        """
        return self._title

    def prepare_picture(self, artist) -> None:
        """Keep the picture of ``artist`` as it is now, for a later state that shows it.

        Figures that compose their frames from kept pictures (a map, the spending charts) keep
        it; a plain figure, rendered in full each time, has nothing to keep.

        Examples
        --------
        >>> view = FigureView(title="T")
        >>> view.prepare_picture(view.title_artist)  # nothing kept, nothing changed
        >>> view.title
        'T'
        """

    def prepare_texts(self, artist: Text, texts) -> None:
        """Draw ``artist`` showing each of ``texts`` and keep the pictures (see
        :meth:`prepare_picture`); the text it shows is put back.

        Examples
        --------
        >>> from natokit.maps import EuropeMap
        >>> m = EuropeMap("baltic", title="Now")
        >>> m.prepare_texts(m.title_artist, ["Later", "Much later"])
        >>> m.title
        'Now'
        """
        shown = artist.get_text()
        try:
            for text in dict.fromkeys(texts):
                if text != shown:
                    artist.set_text(text)
                    self.prepare_picture(artist)
        finally:
            artist.set_text(shown)

    @property
    def source_artist(self) -> Text:
        """The :class:`matplotlib.text.Text` that shows the source line.

        Examples
        --------
        >>> FigureView(source="S").source_artist.get_text()
        'S'
        """
        return self._source

    @property
    def sizes(self) -> dict[str, float]:
        """The style sizes this figure was made with (see :func:`natokit.style.sizes`).

        Examples
        --------
        >>> FigureView().sizes["scale"]
        1.0
        """
        return dict(self._sizes)

    def set_source(self, source: str) -> None:
        """Set the source line printed under the figure, wrapped to the figure's width.

        Each paragraph (a line of ``source``) is wrapped on its own, so a note that differs
        from figure to figure can stand apart from a source they share, which then wraps the
        same way under each of them.

        Examples
        --------
        >>> view = FigureView()
        >>> view.set_source("Source: NATO")
        >>> view.source
        'Source: NATO'
        >>> long = "Source: " + "a long list of datasets, " * 10
        >>> view.set_source(long)
        >>> view.source.count("\\n") >= 1 and view.source.replace("\\n", " ") == long.strip()
        True
        >>> view.set_source("Bars: a note.\\n" + long)
        >>> view.source.split("\\n")[0]
        'Bars: a note.'
        """
        self._source.set_text(self.wrapped_source(source))

    def wrapped_source(self, source: str) -> str:
        """``source`` as :meth:`set_source` prints it: each paragraph wrapped to the width.

        Examples
        --------
        >>> FigureView().wrapped_source("Note.\\nSource: NATO")
        'Note.\\nSource: NATO'
        """
        # About 0.55 em per character for the sans-serif font at the small size.
        chars = int(self.figure.get_figwidth() * 72 / (self._sizes["small"] * 0.58))
        paragraphs = [p.strip() for p in source.strip().split("\n")]
        return "\n".join(textwrap.fill(p, width=max(40, chars)) for p in paragraphs if p)

    @property
    def source(self) -> str:
        """The source line.

        Examples
        --------
        >>> FigureView(source="Source: NATO").source
        'Source: NATO'
        """
        return self._source.get_text()

    def to_png(self, dpi: float | None = None) -> bytes:
        """Render the figure to PNG bytes (for ``ipywidgets.Image`` or a file).

        Examples
        --------
        >>> FigureView().to_png()[:4]
        b'\\x89PNG'
        """
        return self._exact_png(dpi)

    def _exact_png(self, dpi: float | None = None) -> bytes:
        # matplotlib's own full render: used for files and the images stored in notebooks.
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png", dpi=dpi or self._sizes["dpi"])
        return buffer.getvalue()

    def save(self, path: str | os.PathLike, dpi: float | None = None) -> None:
        """Write the figure as a PNG file, e.g. for slides or a report.

        Examples
        --------
        >>> import tempfile, pathlib
        >>> target = pathlib.Path(tempfile.mkdtemp()) / "figure.png"
        >>> FigureView(title="T").save(target)
        >>> target.exists()
        True
        """
        with open(path, "wb") as handle:
            handle.write(self._exact_png(dpi=dpi))

    def rgb(self) -> np.ndarray:
        """The figure rendered by matplotlib in full, as an (H, W, 3) ``uint8`` array.

        Examples
        --------
        >>> FigureView().rgb().shape[2]
        3
        """
        self.figure.canvas.draw()
        return np.asarray(self.figure.canvas.buffer_rgba())[..., :3].copy()

    def compact_png(self) -> bytes:
        """The figure as a small, byte-stable PNG (see :func:`compact_png`): what notebooks store.

        Examples
        --------
        >>> view = FigureView(title="T")
        >>> view.compact_png() == view.compact_png()
        True
        """
        return compact_png(self.rgb())

    def _repr_html_(self) -> str:
        data = base64.b64encode(self.compact_png()).decode("ascii")
        return (
            f'<img src="data:image/png;base64,{data}" alt="{html.escape(self.alt, quote=True)}" '
            f'style="max-width:100%;height:auto"/>'
        )

    def __repr__(self) -> str:
        return f"<{type(self).__name__}: {self.title}>"
