"""The steps of an experiment. Each takes the config, the segments and the run's one feature input
(features/tfidf/feature_input.py), writes its tables and figures into the run folder, and returns its
metrics (all deterministic given the config)."""
from __future__ import annotations

from pathlib import Path

from experiments.stance import step as stance
from experiments.topics.selection import selection  # label-free choice of a clustering setting
from experiments.topics.step import topics  # the topics step lives in its own module


def stance_step(config, segments, features, run_dir: Path, log) -> dict:
    """Stance models and baselines under every protocol, with intervals; the final model (experiments.stance.step)."""
    return stance.run(config, segments, features, run_dir, log)


STEPS = {"topics": topics, "stance": stance_step, "selection": selection}
