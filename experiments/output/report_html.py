"""report.html: the blocks of a run's report as one self-contained HTML page that opens in any browser.

Figures are embedded as base64 PNG data URIs and tables are HTML tables, so the page can be mailed or
attached alone: it names no other file by `src` or `href`, and runs no script. The elements are built with
`xml.etree.ElementTree` and serialised by it (method "html"), which escapes every text and attribute.
"""
from __future__ import annotations

import base64
import xml.etree.ElementTree as ET
from pathlib import Path

from experiments.output.document import Figure, Heading, Items, Table, Text

STYLE = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; font-size: 0.9rem; }
th, td { border-bottom: 1px solid #ccc; padding: 0.2rem 0.6rem; text-align: left; }
th { border-bottom: 2px solid #333; }
caption { text-align: left; font-weight: bold; padding-bottom: 0.3rem; }
figure { margin: 1rem 0 2rem; }
figure img { max-width: 100%; }
figcaption, .source { font-size: 0.9rem; color: #444; }
"""


def data_uri(png: Path) -> str:
    """A PNG file as a data URI, so the page needs no file beside it.

    >>> uri = data_uri(Path("results/seeds_stance/figures/stance_scores.png"))
    >>> uri[:22], base64.b64decode(uri[22:])[1:4]
    ('data:image/png;base64,', b'PNG')
    """
    return "data:image/png;base64," + base64.b64encode(Path(png).read_bytes()).decode("ascii")


def _text(parent: ET.Element, tag: str, text: str, **attrs) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    element.text = str(text)
    return element


def _table(parent: ET.Element, block: Table) -> None:
    """<table> with a caption (title and caption), a head row and the body rows; the full file named as text."""
    table = ET.SubElement(parent, "table", {"class": block.role} if block.role else {})
    if block.title:
        _text(table, "caption", block.title + (f" {block.caption}" if block.caption else ""))
    row = ET.SubElement(ET.SubElement(table, "thead"), "tr")
    for name in block.header:
        _text(row, "th", name)
    body = ET.SubElement(table, "tbody")
    for cells in block.rows:
        row = ET.SubElement(body, "tr")
        for cell in cells:
            _text(row, "td", cell)
    if block.source:  # named, not linked: the page stands alone
        text = f"{block.note}Full table: " if block.note else "CSV: "
        _text(parent, "p", f"{text}{block.source} in the run folder.", **{"class": "source"})


def _figure(parent: ET.Element, block: Figure, run_dir: Path) -> None:
    figure = ET.SubElement(parent, "figure")
    ET.SubElement(figure, "img", {"src": data_uri(run_dir / block.path), "alt": block.caption})
    _text(figure, "figcaption", block.caption)


def _add(body: ET.Element, block, run_dir: Path) -> None:
    if isinstance(block, Heading):
        _text(body, f"h{block.level}", block.text)
    elif isinstance(block, Text):
        if block.text:
            _text(body, "p", block.text)
    elif isinstance(block, Table):
        _table(body, block)
    elif isinstance(block, Figure):
        _figure(body, block, run_dir)
    elif isinstance(block, Items):
        items = ET.SubElement(body, "ul")
        for line in block.lines:
            _text(items, "li", line)
    else:
        raise TypeError(f"not a report block: {block!r}")


def html_text(blocks, run_dir: str | Path, title: str) -> str:
    """The HTML page of a report's blocks; figures are read from `run_dir` and embedded.

    Illustration: html_text([Heading("seeds_stance", 1)], "results/seeds_stance", "seeds_stance")
             -> '<!DOCTYPE html>\\n<html lang="en"><head><meta charset="utf-8">…<h1>seeds_stance</h1></body></html>\\n'
    """
    page = ET.Element("html", {"lang": "en"})
    head = ET.SubElement(page, "head")
    ET.SubElement(head, "meta", {"charset": "utf-8"})
    _text(head, "title", title)
    _text(head, "style", STYLE)
    body = ET.SubElement(page, "body")
    for block in blocks:
        _add(body, block, Path(run_dir))
    return "<!DOCTYPE html>\n" + ET.tostring(page, encoding="unicode", method="html") + "\n"
