"""docs/CONFIG.md is generated from the typed config (experiments/config/reference.py): the committed file is
what the generator writes, and it names every key of every section with its type, default and meaning."""
import re

from experiments.config import schema as cfg
from experiments.config.reference import main, reference
from tests.conftest import ROOT

CONFIG_MD = ROOT / "docs" / "CONFIG.md"


def test_committed_reference_is_the_generated_one():
    assert CONFIG_MD.read_text(encoding="utf-8") == reference(), (
        "docs/CONFIG.md is out of date: python -m experiments.config.reference --out docs/CONFIG.md")


def test_every_key_of_every_section_has_its_type_default_and_a_meaning():
    text = reference()
    for section, fields in cfg.SCHEMA.items():
        part = text.split(f"## [{section}]\n", 1)[1].split("\n## ", 1)[0]
        rows = {m.group(1): m.group(0) for m in re.finditer(r"^\| `([^`]+)` \|.*$", part, re.M)}
        assert list(rows) == list(fields), section
        for key, row in rows.items():
            cells = [c.strip() for c in row.strip("|").split(" | ")]
            assert len(cells) == 5 and cells[1] and cells[2] and len(cells[4]) > 10, (section, key, cells)


def test_defaults_and_choices_are_the_schema_s():
    text = reference()
    assert "| `n_clusters` | int | `4` | ≥ 2; ≤ 10000 |" in text  # [topics]
    assert '| `protocols` | list of str | `["grouped_cv", "repeated_cv"]` | one of `grouped_cv`, `repeated_cv`, ' \
           "`fixed_split` |" in text
    assert "| `word_ngram_range` | list of 2 int | `[1, 2]` | ≥ 1; ≤ 10 |" in text  # [features], from features/tfidf
    assert "| `C_grid` | list of float | `[0.1, 1.0, 10.0]` | ≥ 1e-06; at most 50 values |" in text  # a list's bound
    assert "| `name` | str | `required` |" in text
    # a field's comment in sections.py reaches the reference
    assert 'Folder inside `path`. Folder inside path (or its archive) holding the labels.' in text


def test_out_writes_the_file_whole_and_stdout_prints_it(tmp_path, capsys):
    out = tmp_path / "CONFIG.md"
    out.write_text("old")
    assert main(["--out", str(out)]) == 0 and out.read_text(encoding="utf-8") == reference()
    assert [p.name for p in tmp_path.iterdir()] == ["CONFIG.md"]  # no temporary file left
    assert main([]) == 0 and capsys.readouterr().out == reference()
