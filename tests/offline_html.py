"""Static checks on built HTML (decks, book pages): what a page would load, and its images.

Used by tests/test_decks.py and tests/test_book.py. A page "loads" a resource through
``<script src>``, ``<link href>`` (stylesheets, icons, preloads, fonts), ``<img src/srcset>``,
``<iframe|frame|embed|source|audio|video|track src>``, ``<object data>``, ``<video poster>``, and
through ``url(...)`` / ``@import`` in CSS (inline ``<style>``, ``style=""`` attributes and the
local stylesheets it links) and ``import ... from`` in inline module scripts. ``<a href>`` is a
link the reader may follow, not a load.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

__all__ = ["Page", "external_loads", "images_without_alt", "local_loads_missing", "parse"]

LOADING_ATTRS = {
    "script": ("src",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "iframe": ("src",),
    "frame": ("src",),
    "embed": ("src",),
    "source": ("src", "srcset"),
    "audio": ("src",),
    "video": ("src", "poster"),
    "track": ("src",),
    "object": ("data",),
    "input": ("src",),
}
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]""")
JS_IMPORT = re.compile(
    r"""\bimport\s*(?:[^'"]*?\bfrom\s*)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]"""
)
# <link rel=...> that only name another page (the browser fetches nothing for them).
NAVIGATION_RELS = {
    "canonical",
    "alternate",
    "author",
    "license",
    "next",
    "prev",
    "index",
    "search",
    "help",
    "top",
}
# Not a load: anchors within the page, data and blob URLs, javascript: and mailto: links.
INERT = ("#", "data:", "blob:", "javascript:", "mailto:", "about:")


class Page(HTMLParser):
    """Everything a page would load, its images, its links and its visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.loads: list[tuple[str, str]] = []  # (what, url)
        self.images: list[dict[str, str]] = []
        self.links: list[str] = []
        self.css: list[str] = []
        self.scripts: list[str] = []
        self._in: list[str] = []
        self.text_chunks: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = {k: (v or "") for k, v in attrs}
        rels = set(attrs.get("rel", "").lower().split())
        navigation = tag == "link" and rels and rels <= NAVIGATION_RELS
        for name in () if navigation else LOADING_ATTRS.get(tag, ()):
            value = attrs.get(name, "").strip()
            if not value:
                continue
            urls = (
                [u.strip().split(" ")[0] for u in value.split(",")] if "srcset" in name else [value]
            )
            self.loads += [(f"<{tag} {name}>", u) for u in urls if u]
        if tag == "img":
            self.images.append(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if attrs.get("style"):
            self.css.append(attrs["style"])
        if tag in ("style", "script"):
            self._in.append(tag if tag == "style" or attrs.get("src") is None else "script-src")

    def handle_endtag(self, tag):
        if tag in ("style", "script") and self._in:
            self._in.pop()

    def handle_data(self, data):
        where = self._in[-1] if self._in else None
        if where == "style":
            self.css.append(data)
        elif where == "script":
            self.scripts.append(data)
        elif where is None:
            self.text_chunks.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.text_chunks).split())

    def all_loads(self) -> list[tuple[str, str]]:
        """Tag loads, plus ``url()``/``@import`` in CSS and ``import`` in inline scripts."""
        found = list(self.loads)
        for css in self.css:
            found += [("css url()", a or b) for a, b in CSS_URL.findall(css)]
        for js in self.scripts:
            found += [("script import", a or b) for a, b in JS_IMPORT.findall(js)]
        return found


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


def _is_web(url: str) -> bool:
    parts = urlsplit(url.strip())
    return bool(parts.netloc) or parts.scheme in ("http", "https", "ws", "wss", "ftp")


def external_loads(page: Page, css_files: list[Path] = ()) -> list[str]:
    """Every resource the page (and the given local stylesheets) would fetch from the web."""
    found = [f"{what}: {url}" for what, url in page.all_loads() if _is_web(url)]
    for css in css_files:
        for a, b in CSS_URL.findall(css.read_text(encoding="utf-8", errors="replace")):
            if _is_web(a or b):
                found.append(f"{css.name} url(): {a or b}")
    return found


def local_loads_missing(page: Page, html_file: Path) -> list[str]:
    """Local resources the page loads that do not exist beside it."""
    missing = []
    for what, url in page.all_loads():
        if _is_web(url) or url.startswith(INERT) or what == "script import":
            continue
        path = unquote(urlsplit(url).path)
        if path and not (html_file.parent / path).exists():
            missing.append(f"{what}: {url}")
    return missing


def local_stylesheets(page: Page, html_file: Path) -> list[Path]:
    """The local stylesheets the page links (to look inside them for web fonts and imports)."""
    sheets = []
    for what, url in page.loads:
        path = unquote(urlsplit(url).path)
        if what == "<link href>" and path.endswith(".css") and not _is_web(url):
            target = html_file.parent / path
            if target.is_file():
                sheets.append(target)
    return sheets


def images_without_alt(page: Page) -> list[str]:
    """The ``src`` (shortened) of every ``<img>`` with a missing or empty ``alt``, or nbconvert's
    placeholder text."""
    placeholder = "No description has been provided for this image"
    return [
        (img.get("src") or "")[:60]
        for img in page.images
        if not (img.get("alt") or "").strip() or img.get("alt", "").strip() == placeholder
    ]
