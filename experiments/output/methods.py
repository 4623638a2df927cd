"""A methods paragraph for a paper, written from a run's resolved config and its metrics.

Only the settings that acted are named, in the words a paper uses (what was segmented, how the text was
prepared and represented, which models and baselines, which protocols ran, how scores are reported). The
full list of resolved settings is `settings_table` (the report's "Settings" section) and config.toml, so
the paragraph can stay short (under 200 words for every committed config, tests/test_report.py).
"""
from __future__ import annotations

from pathlib import PurePosixPath

from experiments.config.resolved import Config, to_dict
from experiments.output.document import Table

LANGUAGES = {"fr": "French", "en": "English"}
MODEL_NAMES = {"logreg": "logistic regression", "linear_svm": "a linear SVM",
               "complement_nb": "complement naive Bayes", "sgd": "an SGD linear classifier"}
BASELINE_NAMES = {"majority": "majority-class", "stratified": "stratified-random", "keyword": "codebook-keyword"}
TUNED = {"logreg": "C", "linear_svm": "C", "complement_nb": "alpha", "sgd": "alpha"}


def _join(words) -> str:
    """'a', 'a and b', 'a, b and c'.

    >>> _join(["a", "b", "c"])
    'a, b and c'
    """
    words = list(words)
    if not words:
        return ""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def corpus_name(path: str) -> str:
    """A corpus path as a reader knows it: its last part, without the config-relative '../'.

    >>> corpus_name("../../seeds"), corpus_name("../shared/data/ungdc.zip")
    ('seeds', 'ungdc.zip')
    """
    return PurePosixPath(path).name or path


def _range(pair) -> str:
    """An n-gram range in words. >>> _range([1, 1]), _range([1, 2]) -> ('uni', '1–2-')"""
    return "uni" if pair[0] == pair[1] == 1 else f"{pair[0]}–{pair[1]}-" if pair[0] != pair[1] else f"{pair[0]}-"


def _data(config: dict, n_segments) -> str:
    c, unit = config["corpus"], config.get("segments", {}).get("unit", "segment")
    lang = LANGUAGES.get(c["language"], c["language"])
    count = f"{n_segments} labelled {unit}s" if n_segments else f"the {unit}s"
    source = {"folder": "articles", "table": "table", "folder_per_label": "labelled folders"}.get(c["format"], "corpus")
    return f"We use {count} from the {lang} {source} `{corpus_name(c['path'])}`."


def _text(config: dict, supervised: bool) -> str:
    p, f = config["preprocess"], config["features"]
    steps = [s for s, on in (("lowercased", p["lowercase"]), ("accent-stripped", p["strip_accents"]),
                             ("lemmatised with simplemma", p["lemmatize"])) if on]
    if p["stop_words"]:
        steps.append("stripped of stop words" + (f" (keeping {', '.join(p['keep_words'])})" if p["keep_words"] else ""))
    embeddings = f.get("embeddings", "none")
    views = [f"word {_range(f['word_ngram_range'])}grams"] * bool(f["words"])
    views += [f"character {_range(f['char_ngram_range'])}grams"] * bool(f["chars"])
    views += ["counts of the codebook's cue words per stance"] * bool(f.get("cue_counts"))
    vectors = ("multilingual-e5-small sentence vectors (standardised on training folds)" if embeddings != "none"
               else "")
    if embeddings == "alone":
        return f"Texts are represented by {vectors}."
    prepared = f"Texts are {_join(steps)}, then " if steps else "Texts are "
    return (f"{prepared}represented by {'sublinear ' * bool(f['sublinear_tf'])}TF-IDF on {_join(views)}"
            + (f", beside {vectors}" if vectors else "")
            + (", fitted on training folds only." if supervised else "."))


def _largest(groups: dict) -> str:
    """The largest group's share of the labelled segments, as the methods paragraph states it.

    >>> _largest({"n_groups": 187, "largest_share": 0.052948})
    '; largest 5.3%'
    """
    share = groups.get("largest_share")
    return "" if share is None else f"; largest {share:.1%}"


def _protocol(name: str, result: dict | None, config: dict) -> str:
    """One protocol that ran, from its metrics entry (splitter, groups) when there is one."""
    e = config["evaluation"]
    if name == "repeated_cv":
        return f"repeated stratified {e['n_splits']}-fold cross-validation ({e['n_repeats']} repeats)"
    if name == "grouped_cv":
        if result is None:  # from the config alone: the number of groups is known only once the run has read them
            return (f"grouped cross-validation by {e['group_column']} (leave-one-group-out up to "
                    f"{e['max_leave_one_out_groups']} groups, else stratified group {e['n_splits']}-fold)")
        g = result.get("groups") or {}
        if "LeaveOneGroupOut" in (result or {}).get("splitter", ""):
            unit = {"doc": "article"}.get(g.get("column"), g.get("column", "group"))
            return f"leave-one-{unit}-out cross-validation ({g.get('n_groups', '?')} {unit}s{_largest(g)})"
        return (f"stratified group {(result or {}).get('n_splits', e['n_splits'])}-fold cross-validation by "
                f"{g.get('column', e['group_column'])}" + (f" ({g['n_groups']} groups{_largest(g)})" if g else ""))
    return "a fixed train/test split"


def _stance(config: dict, stance_metrics: dict) -> str:
    s, e = config["stance"], config["evaluation"]
    models = _join(MODEL_NAMES.get(m, m) for m in s["models"])
    baselines = _join(BASELINE_NAMES.get(b, b) for b in s["baselines"])
    ran = stance_metrics.get("protocols") or {p: None for p in e["protocols"]}
    tuned = sorted({TUNED[m] for m in s["models"] if m in TUNED})
    search = (f", with {_join(tuned)} tuned by grid search on {e['inner_splits']} inner folds"
              if e["search"] and tuned else "")
    head = s.get("headline_name") or "macro-F1 over " + (_join(s["headline_labels"]) or "all labels")
    rows = str((stance_metrics.get("final_model") or {}).get("rows", s.get("final_fit", "all")))
    final = "all labelled data" if rows.startswith("all") else "the training rows" if rows == "train" else ""
    name = "the model and setting chosen on inner folds" if s["final_model"] == "best" else s["final_model"]
    share = (f" Its predicted stance shares of the whole corpus are reported per {_join(s['share_by'])}."
             if s.get("share_by") else "")
    return (f"Each segment is labelled {_join(s['labels'])}. We compare {models}{search}, with {baselines} "
            f"baselines, under {_join(_protocol(p, r, config) for p, r in ran.items())}. The headline score is {head}, "
            f"on out-of-fold predictions, with {s['confidence']:.0%} percentile bootstrap intervals "
            f"({s['bootstrap_resamples']} resamples)."
            + (" The row `selected` is the model and setting chosen on each training fold's inner folds, so its "
               "score includes that choice." if "selected" in _selected_rows(ran) else "")
            + (" Per-class offsets to each model's decision scores are tuned on inner folds for the headline "
               "score." if s.get("class_offsets") else "")
            + (f" The final model ({name}) is refit on {final}." if final else "") + share)


def _selected_rows(ran: dict) -> set:
    """The candidates of the protocols that ran (empty when the paragraph is written from a config alone)."""
    return {name for result in ran.values() if result for name in result.get("results", {})}


def _consensus(t: dict, topics: dict) -> str:
    """The consensus and guided-topics sentences of the topics methods, with the run's rerun ARI when it ran."""
    text = ""
    if t.get("consensus", "none") != "none":
        c = topics.get("consensus") or {}
        text += f" The partition read is the {t['consensus']} consensus of the seeds"
        if c.get("rerun_ari") is not None:
            seeds = c["rerun_seeds"]
            text += (f"; a rerun with seeds {seeds[0]}–{seeds[-1]} gives a consensus at ARI {c['rerun_ari']:.3f} "
                     "with it")
        text += "."
    if t.get("seed_words"):
        text += (f" The first {len(t['seed_words'])} k-means centroids start at the seed words "
                 f"{'; '.join(', '.join(ws) for ws in t['seed_words'])}, then move freely.")
    return text


REFINED = {"naive_bayes": " Every seed's partition is then refined by naive-Bayes EM on the TF-IDF vectors (hard "
                          "assignments, Nigam et al. 2000).",
           "soft_naive_bayes": " Every seed's partition is then refined by soft naive-Bayes EM on the TF-IDF vectors "
                               "(Nigam et al. 2000, with a uniform cluster prior)."}


def _topics(config: dict, topics: dict | None = None) -> str:
    t = config["topics"]
    method = {"kmeans": "k-means", "minibatch_kmeans": "mini-batch k-means", "nmf": "NMF",
              "agglomerative": f"agglomerative clustering ({t['linkage']} linkage)"}.get(t["method"], t["method"])
    space = ("TF-IDF vectors" if t["method"] == "nmf" or t["representation"] == "tfidf" else
             f"a {t['n_components']}-component LSA projection")
    k = (f"{t['n_clusters']} clusters" if t["k_rule"] == "fixed" else
         f"k clusters, k chosen in {t['k_min']}–{t['k_max']} by mean {t['k_rule'].replace('_', ' ')}")
    return (f"Segments are clustered by {method} of {space} into {k}, over {t['n_seeds']} seeds (mean ± std, "
            f"pairwise ARI between seeds); each cluster is described by its {t['n_top_terms']} top terms"
            + (f" and scored against the corpus {_join(t['score_against'])} after it is chosen."
               if t["score_against"] else ".") + REFINED.get(t.get("refine", "none"), "") + _consensus(t, topics or {}))


def methods_paragraph(config: dict | Config, metrics: dict | None = None) -> str:
    """The methods paragraph of a run, under 200 words, naming only the settings that acted.

    `config` is a run folder's config.toml as read (TOML tables), or a loaded `Config`; with the run's
    `metrics`, the protocols that ran and their groups are named as they ran.
    Illustration: methods_paragraph(seeds_stance_config) -> "We use 35 labelled sentences of the French ..."
    """
    config = to_dict(config) if isinstance(config, Config) else config
    stance = (metrics or {}).get("stance") or {}
    parts = [_data(config, stance.get("n_segments")), _text(config, "stance" in config)]
    parts += [_stance(config, stance)] if "stance" in config and "evaluation" in config else []
    parts += [_topics(config, (metrics or {}).get("topics"))] if "topics" in config else []
    parts.append(f"All randomness is seeded (seed {config['experiment']['random_state']}).")
    return " ".join(parts)


def _value(v) -> str:
    return ", ".join(map(str, v)) if isinstance(v, list) else str(v)


def settings_table(config: dict | Config) -> Table:
    """Every resolved setting of the run as a table (section, key, value), so that nothing the short methods
    paragraph leaves out is lost. Illustration: settings_table({"segments": {"unit": "sentence"}}).rows
    -> [["segments", "unit", "sentence"]]
    """
    config = to_dict(config) if isinstance(config, Config) else config
    rows = [[section, key, _value(v)] for section, table in config.items() for key, v in table.items()
            if key not in ("name", "description")]
    return Table(["section", "key", "value"], rows, title="settings",
                 caption="(every resolved setting of the run, as in config.toml)")
