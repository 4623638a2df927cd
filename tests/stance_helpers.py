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


def train_seed_model(folder: Path, model: str = "logreg", *overrides: str) -> Path:
    """Fit `model` on all seed sentences (search on, as in the reference run); returns model.skops."""
    config = seeds_config(f'stance.final_model="{model}"', *overrides)
    segments = load_segments(config)
    data = load_labelled(config, segments, feature_input(config, [s.text for s in segments]))
    candidate = next(c for c in candidates(config.replace("stance", models=(model,), baselines=()), data.features))
    (folder / "tables").mkdir(parents=True, exist_ok=True)
    train_final(candidate, data, data.column("doc"), config, folder, headline_labels(config, data.labels))
    return folder / "model.skops"
