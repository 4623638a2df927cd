"""A saved stance model against new French sentences written apart from the seeds, beside the keyword baseline.

With two seed articles, every score of the seeds run trains on one article's wording and tests on the other's.
This check asks the question a user of the seeds model has: on French sentences it has never seen, written
for the purpose and labelled against the codebook (seeds/french_check/), does it beat the codebook's cue words?
Nothing is fit on these sentences: the model is the run's saved model.skops, the baseline the run's own
[keywords] cues (fit only learns the training label set, from the seeds' annotations).

    python -m experiments.benchmarks.french_check results/seeds_stance
"""
from __future__ import annotations

import csv
from pathlib import Path

from experiments.benchmarks.common import ROOT, save
from experiments.config.load import load as load_config
from experiments.stance import baselines, bootstrap, modelfile
from experiments.stance.predict import predict_chunk
from features.tfidf.vectorize import CHAR_COLUMN, vectorizer_input

SENTENCES = ROOT / "seeds" / "french_check" / "sentences.csv"


def read_sentences(path: Path = SENTENCES) -> tuple[list[str], list[str], list[str]]:
    """Ids, texts and labels of the check sentences.

    >>> ids, texts, labels = read_sentences(); len(texts), sorted(set(labels))[0]
    (40, 'deterrence')
    """
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return [r["id"] for r in rows], [r["text"] for r in rows], [r["label"] for r in rows]


def keyword_predictions(run_dir: Path, card: dict, texts: list[str]) -> list[str]:
    """The run's keyword baseline on `texts`: its config's cues, the training label set of its model card."""
    config = load_config(run_dir / "config.toml")
    keyword = baselines.make_baseline("keyword", config, config.experiment.random_state)
    labels = list(card["labels"])
    keyword.fit([[""]] * len(labels), labels)  # learns the label set only; the cues come from the config
    X = vectorizer_input(texts, modelfile.text_settings(card), columns=[CHAR_COLUMN])[:, [CHAR_COLUMN]]
    return list(keyword.predict(X))


def check(run_dir: Path, n_resamples: int = 1000, random_state: int = 0) -> dict:
    """Scores of the run's model and keyword baseline on the check sentences, and every prediction."""
    model, card = modelfile.load(run_dir / "model.skops")
    ids, texts, y_true = read_sentences()
    predicted = {"model": list(predict_chunk(model, card, texts)[0]),
                 "keyword": keyword_predictions(run_dir, card, texts)}
    labels, headline = list(card["labels"]), [lab for lab in card["labels"] if lab != "none"]
    scores = {name: bootstrap.score_table(y_true, [y_pred], labels, headline, n_resamples, 0.95, random_state)
              for name, y_pred in predicted.items()}
    return {"run": str(run_dir), "model_sha256": card["model_sha256"], "n_sentences": len(texts),
            "headline_labels": headline, "scores": scores,
            "predictions": [{"id": i, "label": t, **{k: str(v[n]) for k, v in predicted.items()}}
                            for n, (i, t) in enumerate(zip(ids, y_true, strict=True))]}


def markdown(result: dict) -> str:
    """Macro-F1 with its interval, and F1 per stance, of the model and the baseline."""
    head = result["headline_labels"]
    lines = [f"| | macro-F1 ({', '.join(head)}) | " + " | ".join(f"F1 {lab}" for lab in head) + " |",
             "| --- | --- | " + " | ".join("---" for _ in head) + " |"]
    for name, table in result["scores"].items():
        macro = table["macro_f1"]
        per = [f"{table['per_class'][lab]['f1']['value']:.2f}" for lab in head]
        lines.append(f"| {name} | {macro['value']:.3f} [{macro['ci_low']:.3f}, {macro['ci_high']:.3f}] | "
                     + " | ".join(per) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    import argparse
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("run", nargs="?", type=Path, default=ROOT / "results" / "seeds_stance", help="a stance run folder")
    p.add_argument("--results", type=Path, default=ROOT / "results", help="where results/french_check/ goes")
    args = p.parse_args(argv)
    result = check(args.run)
    table = markdown(result)
    save(args.results, "french_check", result, table)
    print(table)


if __name__ == "__main__":
    main()
