"""[features] engine = "cached" runs the same experiments as "sklearn" with the same numbers."""
import json

from experiments.cli import main
from tests.conftest import ROOT


def test_cached_engine_gives_the_same_metrics_and_topics(tmp_path):
    configs = [str(ROOT / "experiments" / "configs" / f"seeds_{n}.toml") for n in ("stance", "topics")]
    out = {}
    for engine in ("sklearn", "cached"):
        args = ["run", *configs, "--results", str(tmp_path / engine), "--quiet",
                "--set", f"features.engine={engine}", "--set", f"experiment.cache_dir={tmp_path / 'cache'}"]
        assert main(args) == 0
        out[engine] = {name: json.loads((tmp_path / engine / name / "metrics.json").read_text())
                       for name in ("seeds_stance", "seeds_topics")}
        out[engine]["terms"] = (tmp_path / engine / "seeds_topics" / "tables" / "topic_terms.csv").read_text()
    assert out["cached"] == out["sklearn"]
    assert any((tmp_path / "cache").rglob("output.pkl"))  # the counts were cached
