"""A small stance model trained on the real seeds and saved as a run would save it (shared by tests)."""
from pathlib import Path

from experiments.config import schema as cfg
from experiments.corpus.data import load_segments
from experiments.corpus.engine import feature_input
from experiments.corpus.labelled import headline_labels, load_labelled
from experiments.stance.final import train_final
from experiments.stance.step import candidates
from tests.conftest import ROOT

CONFIG = ROOT / "experiments" / "configs" / "seeds_stance.toml"


def seeds_config(*overrides: str) -> cfg.Config:
    return cfg.load(CONFIG, list(overrides))  # its paths resolve against the config's folder: any cwd works


def seeds_labelled(*overrides: str):
    """The seeds config (with `overrides`) and its labelled segments with their feature input: (config, data)."""
    config = seeds_config(*overrides)
    segments = load_segments(config)
    return config, load_labelled(config, segments, feature_input(config, [s.text for s in segments]))


def train_seed_model(folder: Path, model: str = "logreg", *overrides: str) -> Path:
    """Fit `model` on all seed sentences (search on, as in the reference run); returns model.skops."""
    config = seeds_config(f'stance.final_model="{model}"', *overrides)
    segments = load_segments(config)
    data = load_labelled(config, segments, feature_input(config, [s.text for s in segments]))
    candidate = next(c for c in candidates(config.replace("stance", models=(model,), baselines=()), data.features))
    (folder / "tables").mkdir(parents=True, exist_ok=True)
    train_final(candidate, data, data.column("doc"), config, folder, headline_labels(config, data.labels))
    return folder / "model.skops"


UN_CONFIG = ROOT / "experiments" / "configs" / "ungdc_stance.toml"
UN_ID = ["country", "session", "year", "para_idx"]


def un_table(folder: Path, rename: dict[str, str], limit: int = 0, last_batch: int = 7) -> Path:
    """The labelled UN passages whose label is a key of `rename`, as a table with a `label` column (renamed).

    Only annotation batches up to `last_batch` (1,188 passages), so that labels added later leave tests alone.

    Example: un_table(tmp, {"escalation": "AGAINST", "reassurance": "FAVOR"}) -> tmp/un.csv (457 rows)
    """
    import csv

    from tests.conftest import shared_data

    source = shared_data("ungdc", "ungdc_nuclear_paragraphs_1946_2024.csv")
    with open(ROOT / "seeds" / "ungdc" / "labels.csv", encoding="utf-8") as f:
        labels = {row["id"]: row["label"] for row in csv.DictReader(f)
                  if int(row["batch"].split("_")[0]) <= last_batch}
    out, n = folder / "un.csv", 0
    with open(source, encoding="utf-8") as f, open(out, "w", newline="", encoding="utf-8") as g:
        reader = csv.DictReader(f)
        writer = csv.DictWriter(g, [*reader.fieldnames, "label"])
        writer.writeheader()
        for row in reader:
            label = labels.get("_".join(row[c] for c in UN_ID))
            if label in rename and (not limit or n < limit):
                writer.writerow({**row, "label": rename[label]})
                n += 1
    return out


def un_config(table: Path, labels: list[str], *overrides: str) -> cfg.Config:
    """The UN stance config on `table` (labels from its `label` column), no share figures, and word n-grams
    alone: the reference run's character n-grams, cue counts and class offsets cost several times the CPU and
    are switched on by the tests that need them (`overrides` come last)."""
    return cfg.load(UN_CONFIG, [f'corpus.path="{table}"', 'corpus.annotations=""', 'corpus.label_column="label"',
                                'corpus.unannotated="error"', f"stance.labels={labels!r}".replace("'", '"'),
                                "stance.headline_labels=[]", "stance.share_by=[]", "features.chars=false",
                                "features.cue_counts=false", "stance.class_offsets=false", *overrides])
