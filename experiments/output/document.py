"""A report as a list of blocks (headings, paragraphs, tables, figures, lists), rendered as Markdown here and
as HTML by `experiments.output.report_html`: both files of a run say the same thing because they are built
from the same blocks, never one converted from the other.

>>> print(markdown_text([Heading("run", 1), Table(["model", "F1"], [["svm", "0.50"]], title="stance")]))
# run
<BLANKLINE>
**stance**
<BLANKLINE>
| model | F1 |
| --- | --- |
| svm | 0.50 |
<BLANKLINE>
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePosixPath

from experiments.output.tables import markdown


@dataclass(frozen=True)
class Heading:
    """A heading: level 1 names the run, 2 a section, 3 a saved table."""

    text: str
    level: int = 2


@dataclass(frozen=True)
class Text:
    """A paragraph, as plain text (code spans in backticks are kept as written)."""

    text: str


@dataclass(frozen=True)
class Table:
    """A table with an optional bold title and caption, the rows shown of a longer saved file (`note`), and the
    run-folder path of that file (`source`). `role` marks the table for readers of the HTML ("headline")."""

    header: list
    rows: list
    title: str = ""
    caption: str = ""
    note: str = ""
    source: str = ""
    role: str = ""


@dataclass(frozen=True)
class Figure:
    """A PNG figure of the run, by its path relative to the run folder (a PDF beside it), and its caption."""

    path: str
    caption: str


@dataclass(frozen=True)
class Items:
    """A bulleted list of plain-text lines."""

    lines: list = field(default_factory=list)


def _table_md(block: Table) -> str:
    """A table block as Markdown: bold title and caption, the table, then where the full table is."""
    parts = []
    if block.title:
        parts.append(f"**{block.title}**" + (f" {block.caption}" if block.caption else ""))
    parts.append(markdown(block.header, block.rows))
    if block.source:
        parts.append(f"{block.note}Full table: [`{block.source}`]({block.source})." if block.note
                     else f"CSV: [`{block.source}`]({block.source}).")
    return "\n\n".join(parts)


def block_md(block) -> str:
    """One block as Markdown ('' for an empty paragraph, left out of the report)."""
    if isinstance(block, Heading):
        return f"{'#' * block.level} {block.text}"
    if isinstance(block, Text):
        return block.text
    if isinstance(block, Table):
        return _table_md(block)
    if isinstance(block, Figure):
        pdf = PurePosixPath(block.path).with_suffix(".pdf").as_posix()
        return f"![{block.caption}]({block.path})\n\n{block.caption} ([PDF]({pdf}))"
    if isinstance(block, Items):
        return "\n".join(f"- {line}" for line in block.lines)
    raise TypeError(f"not a report block: {block!r}")


def markdown_text(blocks) -> str:
    """The Markdown report: blocks separated by a blank line, with a final line end."""
    return "\n\n".join(text for text in map(block_md, blocks) if text) + "\n"
