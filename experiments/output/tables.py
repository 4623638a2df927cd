"""The one writer of tables: CSV (numbers, for other programs), Markdown and LaTeX booktabs (for reading).

Every table of a run, of its report and of a benchmark goes through here, so cells are escaped one way and
every file is written whole (a temporary file renamed into place) with UTF-8 and LF line ends.
"""
from __future__ import annotations

import contextlib
import csv
import io
import os
from pathlib import Path


def write_whole(path: Path, text: str) -> Path:
    """Write `text` to `path` whole or not at all: a temporary file beside it, then an atomic rename."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        with open(tmp, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        os.replace(tmp, path)
    except OSError as err:  # about the temporary file (a folder at `path`, a full disk): name the file asked for
        if err.filename != str(tmp):
            raise
        raise type(err)(err.errno, err.strerror, str(path)) from None
    finally:
        with contextlib.suppress(OSError):  # none left, or its folder is a file (ENOTDIR): the error above tells
            tmp.unlink()
    return path


def csv_text(header: list[str], rows) -> str:
    """A CSV table with a header row and LF line ends, as text.

    >>> csv_text(["a", "b"], [[1, "x,y"]])
    'a,b\\n1,"x,y"\\n'
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def write_rows(path: Path, header: list[str], rows) -> Path:
    """Write a CSV table (see `csv_text`) to `path`."""
    return write_whole(path, csv_text(header, rows))


def read_rows(path: Path) -> list[dict[str, str]]:
    """The rows of a CSV table as dicts (for figures drawn from saved results)."""
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _md_cell(value) -> str:
    """One Markdown cell: a pipe would end the cell and a line end the row, so both are neutralised."""
    return str(value).replace("|", "\\|").replace("\n", " ")


def markdown(header: list[str], rows, aligned: bool = False) -> str:
    """A GitHub-flavoured Markdown table (no final line end); `aligned` pads columns for plain-text reading.

    >>> print(markdown(["a", "b"], [[1, "x|y"]]))
    | a | b |
    | --- | --- |
    | 1 | x\\|y |
    >>> print(markdown(["model", "F1"], [["logreg", 0.5]], aligned=True))
    | model  | F1  |
    | ------ | --- |
    | logreg | 0.5 |
    """
    cells = [[_md_cell(c) for c in header]] + [[_md_cell(c) for c in r] for r in rows]
    if aligned:
        widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
        cells = [[c.ljust(w) for c, w in zip(r, widths, strict=True)] for r in cells]
        rule = ["-" * w for w in widths]
    else:
        rule = ["---"] * len(header)
    lines = [cells[0], rule, *cells[1:]]
    return "\n".join("| " + " | ".join(r) + " |" for r in lines)


def _tex_cell(value) -> str:
    """One LaTeX cell with the characters TeX reads as commands escaped (± becomes math)."""
    return str(value).replace("\\", r"\textbackslash{}").replace("_", r"\_").replace("%", r"\%").replace(
        "&", r"\&").replace("#", r"\#").replace("±", r"$\pm$")


def latex(header: list[str], rows, left: tuple[str, ...] = ()) -> str:
    """A booktabs tabular (needs \\usepackage{booktabs}; no final line end): columns named in `left` are
    left-aligned, the others (numbers) right-aligned.

    >>> print(latex(["model", "F1"], [["linear_svm", "0.60 ± 0.05"]], left=("model",)))
    \\begin{tabular}{lr}
    \\toprule
    model & F1 \\\\
    \\midrule
    linear\\_svm & 0.60 $\\pm$ 0.05 \\\\
    \\bottomrule
    \\end{tabular}
    """
    spec = "".join("l" if h in left else "r" for h in header)
    body = [" & ".join(map(_tex_cell, r)) + r" \\" for r in rows]
    return "\n".join([rf"\begin{{tabular}}{{{spec}}}", r"\toprule", " & ".join(map(_tex_cell, header)) + r" \\",
                      r"\midrule", *body, r"\bottomrule", r"\end{tabular}"])


def write_markdown(path: Path, header: list[str], rows, aligned: bool = False) -> Path:
    """Write a Markdown table (see `markdown`) to `path`, with a final line end."""
    return write_whole(path, markdown(header, rows, aligned) + "\n")


def write_latex(path: Path, header: list[str], rows, left: tuple[str, ...] = ()) -> Path:
    """Write a LaTeX booktabs table (see `latex`) to `path`, with a final line end."""
    return write_whole(path, latex(header, rows, left) + "\n")
