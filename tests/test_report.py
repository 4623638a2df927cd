"""report.md, the methods paragraph, `stancelab report` and `stancelab plot`, and the paper figure style."""
import base64
import copy
import itertools
import json
import re
import subprocess
import sys
from html.parser import HTMLParser

import pytest

from experiments.config import schema as cfg
from experiments.output.caveats import caveats, sig
from experiments.output.document import block_md
from experiments.output.figures.redraw import redraw
from experiments.output.figures.style import PALETTE, STYLE, grey
from experiments.output.methods import methods_paragraph, settings_table
from experiments.output.report import metric_rows, metric_tables, render
from experiments.output.stance_tables import SCORES
from experiments.run import steps
from experiments.run.runner import run
from experiments.stance import step as stance
from tests.conftest import ROOT

STANCE = ROOT / "experiments" / "configs" / "seeds_stance.toml"


@pytest.fixture(scope="module")
def stance_run(tmp_path_factory):
    # the reference config with 2 repeats and 200 resamples: every section of a report, in a third of the time
    return run(cfg.load(STANCE, OVERRIDES), str(STANCE), tmp_path_factory.mktemp("results"))


OVERRIDES = ["evaluation.n_repeats=2", "stance.bootstrap_resamples=200"]


def stancelab(*args):
    return subprocess.run([sys.executable, "-m", "experiments.cli", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)


def test_methods_paragraph_describes_the_seeds_stance_config():
    text = methods_paragraph(cfg.load(STANCE))
    for phrase in ("French articles `seeds`", "sentences", "lemmatised",
                   "keeping ne, pas", "word 1–2-grams", "character 3–5-grams", "leave-one-group-out",
                   "repeated stratified 3-fold", "majority-class", "bootstrap intervals",
                   "grid search on 2 inner folds", "seed 42"):
        assert phrase in text, phrase
    assert text.index("French") < text.index("TF-IDF") < text.index("logistic regression")


def test_methods_paragraph_of_the_seeds_run_names_the_protocols_as_they_ran():
    metrics = json.loads((ROOT / "results" / "seeds_stance" / "metrics.json").read_text())
    text = methods_paragraph(cfg.load(STANCE), metrics)
    assert "35 labelled sentences" in text
    assert "leave-one-article-out cross-validation (2 articles; largest 68.6%)" in text


@pytest.mark.parametrize("path", sorted((ROOT / "experiments" / "configs").glob("*.toml")), ids=lambda p: p.stem)
def test_methods_paragraph_is_short_and_names_no_internal_setting(path):
    """Every committed config (stance and topics), with its committed run's metrics when there is one."""
    saved = ROOT / "results" / path.stem / "metrics.json"
    metrics = json.loads(saved.read_text()) if saved.is_file() else None
    text = methods_paragraph(cfg.load(path), metrics)
    assert 40 < len(text.split()) < 200, len(text.split())
    for internal in ("engine", "cache_dir", "Other settings", "split_column", "../"):
        assert internal not in text, internal


def mutated(value):
    """A different value of the same kind."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, (int, float)):
        return value + 7
    if isinstance(value, list) and len(value) == 2 and all(isinstance(v, int) for v in value):
        return [value[0], value[1] + 1]  # an n-gram range stays a range
    if isinstance(value, list):
        return value + ([value[0]] if value else ["extra"])
    return value + "_other"


def settings_text(config) -> str:
    return block_md(settings_table(config))


def test_every_setting_of_the_config_shows_in_the_settings_table():
    """Change any one value of the resolved config (keys added later included): the Settings table changes."""
    config = cfg.to_dict(cfg.load(STANCE))  # as a run folder's config.toml reads
    base = settings_text(config)
    for section, table in config.items():
        for key in table:
            if key in ("name", "description"):
                continue
            changed = copy.deepcopy(config)
            changed[section][key] = mutated(table[key])
            assert settings_text(changed) != base, f"[{section}] {key} is not in the settings table"
    assert "| features | engine | sklearn |" in base and "| evaluation | split_column | split |" in base


def test_a_section_of_any_name_is_in_the_settings_table():
    config = cfg.to_dict(cfg.load(STANCE))
    config["scoring"] = {"n_seeds": 5}
    assert "| scoring | n_seeds | 5 |" in settings_text(config)


def test_caveats_of_the_seeds_run_say_why_models_are_below_the_baselines(stance_run):
    metrics = json.loads((stance_run / "metrics.json").read_text())
    text = caveats(metrics)
    assert "leave-one-article-out on 2 articles trains each fold on one article only" in text
    grouped = metrics["stance"]["protocols"]["grouped_cv"]["results"]
    best = max((k for k, r in grouped.items() if r["kind"] == "baseline"),
               key=lambda k: grouped[k]["scores"]["macro_f1"]["value"])
    below = [k for k, r in grouped.items() if r["kind"] == "model"
             and r["scores"]["macro_f1"]["value"] < grouped[best]["scores"]["macro_f1"]["value"]]
    assert below and f"below the {best} " in text
    for name in below:
        assert f"{name} {sig(grouped[name]['scores']['macro_f1']['value'])} [" in text
    report = (stance_run / "report.md").read_text()
    assert f"## Caveats\n\n{text}\n" in report and text in (stance_run / "report.html").read_text()


def test_caveats_of_the_committed_un_run_come_from_its_saved_metrics():
    metrics = json.loads((ROOT / "results" / "ungdc_stance" / "metrics.json").read_text())
    text = caveats(metrics)
    shares = metrics["stance"]["corpus_shares"]
    assert f"count {shares['n_labelled_in_corpus']} of {shares['n_segments']} segments" in text
    assert "leave-one" not in text  # 187 countries in 5 folds: not few groups
    assert f"## Caveats\n\n{text}\n" in (ROOT / "results" / "ungdc_stance" / "report.md").read_text()


def test_caveats_of_a_run_without_intervals_name_the_scores_alone():
    """Before: a run with bootstrap_resamples = 0 stopped with an internal error (KeyError 'ci_low')."""
    metrics = json.loads((ROOT / "results" / "seeds_stance" / "metrics.json").read_text())
    for protocol in metrics["stance"]["protocols"].values():
        for result in protocol["results"].values():
            for score in result["scores"].values():
                if isinstance(score, dict):
                    score.pop("ci_low", None), score.pop("ci_high", None)
    text = caveats(metrics)
    assert "every model scores below the keyword 0.471 baseline" in text and "[" not in text


def test_metric_rows_flatten_any_nesting():
    metrics = {"stance": {"loao": {"svm": {"macro_f1": {"mean": 0.5, "std": 0.1}, "f1": {"none": 0.4},
                                           "confusion": [[1, 0], [0, 1]]}}},
               "topics": {"inertia": 2.5, "sizes": [3, 4]}}
    assert metric_rows(metrics) == [
        (("stance", "loao", "svm"), {"macro_f1": {"mean": 0.5, "std": 0.1}, "f1 none": 0.4}),
        (("topics",), {"inertia": 2.5, "sizes": [3, 4]})]
    stance_table, topics_table = map(block_md, metric_tables(metrics))
    assert "| loao / svm | 0.5 ± 0.1 | 0.4 |" in stance_table
    assert "| — | 2.5 | 3, 4 |" in topics_table


def test_report_of_a_real_run(stance_run):
    text = (stance_run / "report.md").read_text()
    assert text.startswith("# seeds_stance\n")
    for heading in ("## Methods", "## Results", "## Tables", "## Figures", "## Provenance"):
        assert heading in text
    macro_f1 = __import__("json").loads((stance_run / "metrics.json").read_text())["stance"]["protocols"][
        "grouped_cv"]["results"]["logreg"]["scores"]["macro_f1"]
    interval = f"[{sig(macro_f1['ci_low'])}, {sig(macro_f1['ci_high'])}]"
    assert f"| grouped_cv | model | logreg | {sig(macro_f1['value'])} {interval}" in text
    # 35 segments x 8 candidates (4 models, `selected`, 3 baselines) x 3 runs (grouped_cv once, repeated_cv twice):
    # a long table is named with its size, never cut to its first rows
    n = len((stance_run / "tables" / "predictions.csv").read_text().splitlines()) - 1
    assert n == 35 * 8 * (1 + 2) and f"- `tables/predictions.csv` ({n} rows): the out-of-fold label" in text
    assert "First 20" not in text and "| 000_109b279601610553:" not in text
    figure = re.search(r"!\[(Figure \d+\. Macro-F1 of each model and baseline[^]]*)\]"
                       r"\(figures/stance_scores.png\)", text)
    assert figure and "95% bootstrap intervals" in figure.group(1)
    numbers = [int(n) for n in re.findall(r"^Figure (\d+)\. ", text, re.M)]
    assert numbers == list(range(1, len(list((stance_run / "figures").glob("*.png"))) + 1))
    assert "| logreg | C | 10.0 |" in text and "seeds/annotations.csv" in text


def test_report_command_rewrites_the_same_report_from_saved_files(stance_run):
    written = (stance_run / "report.md").read_bytes()
    (stance_run / "report.md").unlink()
    res = stancelab("report", str(stance_run))
    assert res.returncode == 0 and (stance_run / "report.md").read_bytes() == written
    assert render(stance_run) == written.decode()


def test_plot_redraws_identical_figures_without_refitting(stance_run, monkeypatch):
    figures = {p.name: p.read_bytes() for p in (stance_run / "figures").iterdir()}
    assert {"stance_scores.pdf", "stance_scores.png", "confusion_repeated_cv.png", "f1_grouped_cv.png",
            "learning_curve.png", "top_ngrams.png"} <= set(figures)
    for p in (stance_run / "figures").iterdir():
        p.unlink()

    def no_fitting(*args, **kwargs):
        raise AssertionError("plotting must not fit a model")

    monkeypatch.setattr(stance, "cross_predict", no_fitting)
    monkeypatch.setattr(stance, "train_final", no_fitting)
    monkeypatch.setattr(steps, "STEPS", {})
    redraw(stance_run)
    assert {p.name: p.read_bytes() for p in (stance_run / "figures").iterdir()} == figures


def test_plot_command(stance_run):
    res = stancelab("plot", str(stance_run))
    assert res.returncode == 0 and "stance_scores.pdf" in res.stdout
    assert (stance_run / "figures" / "stance_scores.pdf").read_bytes().startswith(b"%PDF")


def test_style_is_colour_blind_safe_and_legible_in_grey():
    okabe_ito = {"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"}
    assert set(PALETTE) == okabe_ito
    cycle = STYLE["axes.prop_cycle"].by_key()
    assert cycle["color"] == PALETTE and len(set(cycle["linestyle"])) == len(set(cycle["marker"])) == 8
    first = sorted(grey(c) for c in PALETTE[:4])  # four stance labels: four clearly different greys
    assert min(b - a for a, b in itertools.pairwise(first)) > 0.2
    assert STYLE["pdf.fonttype"] == 42 and STYLE["savefig.dpi"] == 300


class Page(HTMLParser):
    """The tables (with their class), images and src/href values of an HTML page, as html.parser reads them."""

    def __init__(self):
        super().__init__()
        self.tables, self.images, self.links, self.captions, self._cell = [], [], [], [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.links += [attrs[k] for k in ("src", "href") if k in attrs]
        if tag == "table":
            self.tables.append({"class": attrs.get("class", ""), "rows": []})
        elif tag == "tr":
            self.tables[-1]["rows"].append([])
        elif tag in ("td", "th"):
            self._cell = ""
        elif tag == "img":
            self.images.append(attrs)

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self.tables[-1]["rows"][-1].append(self._cell)
            self._cell = None


def test_report_html_is_self_contained_and_says_what_metrics_json_says(stance_run):
    assert_html_matches_the_run(stance_run)


def test_the_committed_un_report_html_says_what_its_metrics_json_says():
    assert_html_matches_the_run(ROOT / "results" / "ungdc_stance")


def assert_html_matches_the_run(stance_run):
    """report.html read with html.parser: its headline table is metrics.json, its figures the run's PNGs."""
    page = Page()
    page.feed((stance_run / "report.html").read_text(encoding="utf-8"))
    metrics = json.loads((stance_run / "metrics.json").read_text())["stance"]["protocols"]
    headline = [t for t in page.tables if t["class"] == "headline"]
    assert len(headline) == 1
    header, *rows = headline[0]["rows"]
    assert header == ["protocol", "kind", "model", "macro-F1", "accuracy", "balanced acc.", "kappa"]
    assert len(rows) == sum(len(p["results"]) for p in metrics.values()) >= 8  # 4 models, selected, 3 baselines
    for protocol in metrics:  # per protocol: the models by macro-F1 (best first), then the baselines by macro-F1
        mine = [(kind, metrics[protocol]["results"][model]["scores"]["macro_f1"]["value"])
                for p, kind, model, *_ in rows if p == protocol]
        assert [k for k, _ in mine] == sorted(k for k, _ in mine)[::-1] == [r["kind"] for r in sorted(
            metrics[protocol]["results"].values(), key=lambda r: r["kind"] == "baseline")]
        for kind in ("model", "baseline"):
            scores = [v for k, v in mine if k == kind]
            assert scores == sorted(scores, reverse=True), (protocol, kind, scores)
    for protocol, kind, model, *cells in rows:
        assert metrics[protocol]["results"][model]["kind"] == kind
        for key, text in zip(SCORES, cells, strict=True):
            s = metrics[protocol]["results"][model]["scores"][key]
            numbers = [float(x) for x in re.findall(r"-?\d+(?:\.\d+)?(?:e-?\d+)?", text)]
            expected = [s["value"]] + ([s["std"]] if "±" in text else []) + [s["ci_low"], s["ci_high"]]
            assert numbers == [float(sig(x)) for x in expected], (protocol, model, key, text)  # 3 significant digits
    # every figure of the report is embedded as a PNG; no src or href names a file
    listed = re.findall(r"!\[[^]]*\]\((figures/[^)]+\.png)\)", (stance_run / "report.md").read_text())
    assert len(listed) == len(page.images) == len(list((stance_run / "figures").glob("*.png"))) >= 7
    for img, path in zip(page.images, listed, strict=True):
        assert img["src"].startswith("data:image/png;base64,")
        data = base64.b64decode(img["src"].split(",", 1)[1], validate=True)
        assert data.startswith(b"\x89PNG\r\n\x1a\n") and data == (stance_run / path).read_bytes()
    assert page.links and all(link.startswith("data:") for link in page.links)
    assert "<script" not in (stance_run / "report.html").read_text()
