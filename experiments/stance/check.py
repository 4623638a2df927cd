"""`stancelab check CONFIG`: every config and data check of a stance run, and its plan, without fitting.

The run prints the same warnings before its first fit (`traps`): a class with fewer segments than folds,
groups holding a single class, a fixed split whose test rows hold a class absent from training, and a
copied `description` that still names another corpus. Errors (a grouping that groups nothing, one class,
an impossible split) stop with one line, exactly as the run would.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import replace

import numpy as np

from experiments.config.resolved import Config
from experiments.corpus.data import load_segments, require_text
from experiments.corpus.labelled import headline_labels, load_labelled
from experiments.stance import groups as grouping
from experiments.stance import splits
from experiments.stance.baselines import usable_baselines
from experiments.stance.models import GRIDS, zipped_grid
from features.embed.encoder import require_extra
from features.text.language import prepare_chars
from features.tfidf.feature_input import FeatureInput
from features.tfidf.vectorize import CHAR_COLUMN

CORPUS_NAMES = {"seed": "seeds", "UN General Debate": "ungdc", "newsgroup": "newsgroups"}  # phrase -> path part


def traps(config: Config, data, cv_groups: np.ndarray) -> list[str]:
    """Warnings on what would make the scores misleading, in the order a reader checks them.

    Illustration: traps(seeds_config, data, groups)
                  -> ["class 'escalation' has 2 segment(s), fewer than the 3 folds", …]
    """
    ev, out = config.evaluation, []
    counts = Counter(data.y)
    out += [f"class {lab!r} has {n} segment(s), fewer than the {ev.n_splits} folds ([evaluation] n_splits)"
            for lab, n in sorted(counts.items()) if n < ev.n_splits]
    if "grouped_cv" in ev.protocols:
        held: dict = {}  # group -> its classes, in one pass (a mask per group: 0.02 CPU s on the 196 UN countries)
        for g, label in zip(cv_groups.tolist(), data.y.tolist(), strict=True):
            held.setdefault(g, set()).add(label)
        single = sorted(g for g, classes in held.items() if len(classes) == 1)
        if single:
            out.append(f"{len(single)} of {len(held)} groups ({grouping.group_column_name(config)}) hold a "
                       f"single class, e.g. {', '.join(map(str, single[:3]))}: a held-out group then scores one class")
    if "fixed_split" in ev.protocols:
        test = splits.test_mask(data, ev)
        absent = sorted(set(data.y[test]) - set(data.y[~test]))
        if absent:
            out.append(f"fixed_split: the test rows hold {', '.join(absent)}, absent from the training rows")
    text, path = config.experiment.description, config.corpus.path
    out += [f"[experiment] description names {phrase!r} but [corpus] path is {path!r}: copied from another config?"
            for phrase, part in CORPUS_NAMES.items() if phrase.lower() in text.lower() and part not in path]
    return out


def searched(config: Config) -> list[str]:
    """The settings the nested search tries, per model (and the model choice of `selected`)."""
    s, ev, out = config.stance, config.evaluation, []
    for m in s.models:
        if m == "soft_vote":
            points = zipped_grid(config).get("clf__member_params") if ev.search else None
            how = f"{len(points)} settings, the members' grids zipped" if points else "their settings (no search)"
            out.append(f"soft_vote: mean probability of {', '.join(config.soft_vote.members)}; {how}")
            continue
        (key, grid_key), params = GRIDS[m], config.model_params(m)
        grid = list(getattr(params, grid_key))
        out.append(f"{m}: {key} in {grid}" if ev.search and grid
                   else f"{m}: {key} = {getattr(params, key)} (no search)")
    return out + (["selected: one of " + ", ".join(s.models) + " chosen on inner folds"] if len(s.models) >= 2 else [])


def same_raw_text(texts, chars) -> bool:
    """Whether the texts whose character texts are equal are equal themselves (then so are their vectors).

    >>> same_raw_text(["A b", "A b", "a B"], ["a b", "a b", "a b"]), same_raw_text(["A b", "A b"], ["a b"] * 2)
    (False, True)
    """
    raw_of: dict[str, str] = {}
    return all(raw_of.setdefault(c, t) == t for t, c in zip(texts, chars, strict=True))


def text_input(texts, config: Config) -> FeatureInput:
    """The labelled segments' feature input as far as a check reads it: which prepared texts are identical.

    A text key (groups.text_keys) joins the prepared word text and the prepared character text (and the
    vector, with embeddings), so when no two character texts are equal no two keys are, whatever the rest:
    the character text alone then decides, without lemmas (simplemma's dictionary, 0.2 s) or vectors.
    Equal character texts make equal keys too when accents are kept: both texts are the runs of letters and
    digits of the text after typography, case and elisions (language.text_tokens), and the word text maps each
    of those tokens on its own (stop words, lemmas), so it is a function of the character text; with vectors in
    the key, when the equal character texts come from equal texts (`same_raw_text`). Otherwise (accents stripped
    from the whole text before it is cut, which can cut it differently; texts that differ in case or punctuation,
    with vectors) the input is prepared as the run prepares it (engine "sklearn": no counts, no cache). On the
    5,056 UN labels, whose fragments repeat, that preparation made the check 0.90 CPU s instead of 0.57.
    """
    text, features = config.preprocess, config.features
    chars = prepare_chars(list(texts), text)
    if len(set(chars)) < len(chars) and (text.strip_accents or (features.embeddings != "none" and
                                                                not same_raw_text(texts, chars))):
        return FeatureInput.build(texts, text, features)
    prepared = np.full((len(chars), 2), "", dtype=object)
    prepared[:, CHAR_COLUMN] = chars
    return FeatureInput(tuple(texts), text, features, prepared=prepared)


def final_rows(config: Config, data) -> str:
    """The rows the final model will be fit on, as the plan names them (experiments/stance/final.py decides).

    Illustration: final_rows(<config with a fixed split of 11 test rows>, seeds_data)
             -> " (24 rows: the fixed split's training rows)"
    """
    fit, ev = config.stance.final_fit, config.evaluation
    if fit == "none":
        return ""
    if fit == "train" and "fixed_split" in ev.protocols:
        return f" ({int(splits.training_rows(data, ev).sum())} rows: the fixed split's training rows)"
    return f" ({len(data.y)} rows: every labelled row)"


def plan_lines(config: Config) -> list[str]:
    """What a run of this config would do, and its warnings, computed without fitting anything.

    Illustration: plan_lines(seeds_config)[0] -> "segments: 35 labelled of 35 (unit sentence)"
    """
    segments = require_text(load_segments(config), config)
    if config.features.embeddings != "none":
        require_extra()  # as the run's first vectors would: a missing extra stops here, before the labels
    # only the labelled segments are prepared (text_input): the texts alone go through load_labelled
    texts = FeatureInput(tuple(s.text for s in segments), config.preprocess, config.features,
                         prepared=np.empty((len(segments), 0), dtype=object))
    data = load_labelled(config, segments, texts)
    data = replace(data, features=text_input(data.features.texts, config))
    s, ev = config.stance, config.evaluation
    if ev.duplicates == "drop":
        data = data.subset(grouping.first_of_each_text(grouping.text_keys(data.features.prepared_text())))
    grouped = "grouped_cv" in (*ev.protocols, s.learning_curve_protocol)
    cv_groups = grouping.cv_groups(data, config, check=grouped)
    if s.per_group_column:  # a column no segment has stops here, as it stops the run
        data.column(s.per_group_column, "[stance] per_group_column")
    g = grouping.describe(cv_groups, grouping.group_column_name(config))
    counts = Counter(data.y)
    lines = [f"segments: {len(data.y)} labelled of {len(segments)} (unit {config.segments.unit})",
             "labels: " + ", ".join(f"{lab} {counts.get(lab, 0)}" for lab in data.labels),
             f"headline: {s.headline_name or 'macro-F1 over ' + ', '.join(headline_labels(config, data.labels))}",
             f"groups: column {g['column']}, {g['n_groups']} groups, largest {g['largest']} "
             f"({g['largest_share']:.1%})"]
    for protocol in ev.protocols:
        # folds counted, not drawn, where that changes nothing (splits.plan): no scikit-learn for a check
        p = splits.plan(protocol, data, ev, config.experiment.random_state, cv_groups, draw=False)
        sizes = f" ({len(p.splits[0][1])} training, {len(p.splits[0][2])} test)" if protocol == "fixed_split" else ""
        lines.append(f"{protocol}: {p.splitter}, {p.n_folds} folds, {int(p.keep.sum())} segments{sizes}; "
                     f"{p.duplicates} test segment(s) with an identical text in training")
    lines += ["search: " + "; ".join(searched(config)) + f" ({ev.inner_splits} inner folds)"]
    names, notes = usable_baselines(config, data.labels)
    lines += [f"baselines: {', '.join(names) or 'none'}", *notes]
    lines += [f"final model: {s.final_model}, final_fit = {s.final_fit}{final_rows(config, data)}"]
    return lines + [f"warning: {w}" for w in traps(config, data, cv_groups)]
