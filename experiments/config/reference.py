"""docs/CONFIG.md, the configuration reference, generated from the typed sections (never written by hand).

Every section of `SECTIONS`, every key of it with its TOML type, default, allowed values and meaning. The
meaning is the key's sentence in experiments/config/meanings.py, then the comment written beside the field
in its dataclass (experiments/config/sections.py, features/text/language.py, features/tfidf/settings.py:
the comment lines just above it, on its line and continuing it below); a section's description is its
docstring. `tests/test_config_reference.py` checks that
the committed docs/CONFIG.md is what this module writes. Regenerate it after changing a section:

    python -m experiments.config.reference --out docs/CONFIG.md

>>> print(default_text(("fr", "en")), default_text(""), default_text(0.0001), default_text(True))
["fr", "en"] "" 0.0001 true
"""
from __future__ import annotations

import argparse
import ast
import inspect
import io
import json
import textwrap
import tokenize
from pathlib import Path

from experiments.config.fields import REQUIRED, Field, fields_of
from experiments.config.meanings import MEANINGS
from experiments.config.resolved import OPTIONAL_SECTIONS, SECTIONS, STEP_OF
from features.atomic import write_text

MAX_ITEMS = 6  # a longer default list (the keyword cues) is shown by its first items and its length


def _comments(cls) -> dict[str, str]:
    """{field: its comment} of the fields a class itself declares (not those it inherits)."""
    lines = textwrap.dedent(inspect.getsource(cls))
    comments = {tok.start[0]: (tok.start[1], tok.string.lstrip("# ").rstrip())
                for tok in tokenize.generate_tokens(io.StringIO(lines).readline) if tok.type == tokenize.COMMENT}
    code_rows = {tok.start[0] for tok in tokenize.generate_tokens(io.StringIO(lines).readline)
                 if tok.type not in (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT,
                                     tokenize.DEDENT, tokenize.ENDMARKER)}
    out = {}
    for node in ast.parse(lines).body[0].body:
        if not (isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)):
            continue
        indent, text = node.col_offset, []
        row, above = node.lineno - 1, []  # comment lines just above the field, at its indent
        while row in comments and row not in code_rows and comments[row][0] == indent:
            above.insert(0, comments[row][1])
            row -= 1
        text += [] if above and above[-1].endswith(":") else above  # a block ending in ":" heads a group
        text += [comments[r][1] for r in range(node.lineno, node.end_lineno + 1) if r in comments]
        row = node.end_lineno + 1  # a trailing comment continued on the next lines, indented past the code
        while text and row in comments and row not in code_rows and comments[row][0] > indent:
            text.append(comments[row][1])
            row += 1
        out[node.target.id] = " ".join(text)
    return out


def meanings(name: str, cls) -> dict[str, str]:
    """{key: meaning} of a section: its sentence in MEANINGS, then the field's comment (the class's own
    comments over those of the classes it extends)."""
    comments = {}
    for klass in reversed(cls.__mro__[:-1]):
        comments.update(_comments(klass))
    said = MEANINGS.get(name, {})
    return {key: " ".join(t for t in (said.get(key, ""), sentence(comments.get(key, ""))) if t)
            for key in fields_of(cls)}


def sentence(comment: str) -> str:
    """A field comment as a sentence: capital first letter, final full stop.

    >>> sentence('"": by suffix'), sentence("")
    ('"": by suffix.', '')
    """
    if not comment:
        return ""
    return comment[0].upper() + comment[1:] + ("" if comment.endswith((".", ")")) else ".")


def type_text(field: Field) -> str:
    """A key's TOML type in words.

    >>> type_text(Field(list, [1, 2], item=int, length=2)), type_text(Field(str, ""))
    ('list of 2 int', 'str')
    """
    if field.type is list:
        name = field.item.__name__ if isinstance(field.item, type) else "list"
        name = "lists of str" if field.item is list else name  # [topics] seed_words
        return f"list of {field.length} {name}" if field.length else f"list of {name}"
    return field.type.__name__


def default_text(value) -> str:
    """A default as it would be written in TOML (a long list shortened)."""
    if value is REQUIRED:
        return "required"
    if isinstance(value, (list, tuple)):
        items = [default_text(v) for v in value[:MAX_ITEMS]]
        more = f", … ({len(value)} items)" if len(value) > MAX_ITEMS else ""
        return "[" + ", ".join(items) + more + "]"
    return json.dumps(value, ensure_ascii=False) if not isinstance(value, float) else repr(value)


def allowed_text(field: Field) -> str:
    """The values a key may take: choices, bounds, an existing path."""
    parts = []
    if field.choices:
        parts.append("one of " + ", ".join(f"`{c}`" if c != "" else '`""`' for c in field.choices))
    for sign, bound in (("≥", field.min), ("≤", field.max)):
        if bound is not None:
            parts.append(f"{sign} {int(bound) if float(bound).is_integer() else bound}")
    if field.max_items is not None:
        parts.append(f"at most {field.max_items} values")
    if field.path:
        parts.append("an existing path, relative to the config file")
    return "; ".join(parts)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def section_text(name: str, cls) -> str:
    """The reference of one section: heading, when it applies, its description, a table of its keys."""
    doc = (inspect.getdoc(cls) or "").split("\n\n")[0].replace("\n", " ")
    doc = doc.removeprefix(f"[{name}]").strip(" :")
    when = (f"Present: the {name} step runs." if name in OPTIONAL_SECTIONS else
            f"Read when [{STEP_OF[name]}] is present." if name in STEP_OF else "Always read (defaults apply).")
    rows = ["| key | type | default | allowed | meaning |", "| --- | --- | --- | --- | --- |"]
    notes = meanings(name, cls)
    for key, field in fields_of(cls).items():
        cells = [f"`{key}`", type_text(field), f"`{default_text(field.default)}`", allowed_text(field),
                 notes.get(key, "")]
        rows.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return "\n".join([f"## [{name}]", "", " ".join(p for p in (doc, when) if p), "", *rows])


HEADER = """# Configuration reference

Generated from the typed config (`experiments/config/sections.py`) by
`python -m experiments.config.reference --out docs/CONFIG.md`; do not edit by hand (a test compares them).

A config is one TOML file. A key left out takes its default; `required` keys must be given. Paths are
relative to the config file. Any key can be changed for one run with `--set section.key=value` (a list:
`--set evaluation.protocols=grouped_cv,repeated_cv` or `--set 'stance.labels=["a","b"]'`), and several
values tried with `--sweep section.key=a,b,c` (at most 100 runs a command). `stancelab check CONFIG` checks a
config without running it; each run folder's `config.toml` holds every value used. Keys that set the amount of
work have a maximum (below), and so does their product: a stance config may ask for at most 1,000,000 model
fits (outer folds x models x grid values x inner folds), a topics config for as many clustering starts
(n_seeds x n_init x k values; experiments/config/budget.py).
"""


def reference() -> str:
    """The Markdown text of docs/CONFIG.md."""
    return "\n\n".join([HEADER.strip(), *(section_text(n, cls) for n, cls in SECTIONS.items())]) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Print the reference, or write it whole to --out (a temporary file renamed into place)."""
    parser = argparse.ArgumentParser(prog="python -m experiments.config.reference", description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, help="write the reference to this file (default: standard output)")
    args = parser.parse_args(argv)
    if args.out:
        write_text(args.out, reference())
    else:
        print(reference(), end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
