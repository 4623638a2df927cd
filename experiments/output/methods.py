"""A methods paragraph written from a resolved config, for the report and for papers.

One describer per config section turns its table into a sentence. Each describer reads the table through
`Tracked`, which remembers the keys it used, so any key a describer does not mention (a key added later)
is still reported, as `key = value`; a section with no describer is described by its keys alone. The
paragraph therefore always covers every setting of the run, whatever sections the config has.
"""
from __future__ import annotations

from typing import Callable

from experiments.config.resolved import Config, to_dict

LANGUAGES = {"fr": "French", "en": "English"}
PROTOCOLS = {
    "grouped_cv": "grouped cross-validation (all segments of one {group_column} in the same fold: "
                  "leave-one-group-out up to {max_leave_one_out_groups} groups, else stratified group {n_splits}-fold)",
    "repeated_cv": "repeated stratified {n_splits}-fold cross-validation ({n_repeats} seeded repeats; mean ± std "
                   "over repeats)",
    "fixed_split": "a fixed train/test split (test rows: {split_column} = {test_value}, or the documents "
                   "{test_documents})",
}
MODELS = {
    "logreg": "logistic regression (C = {C}, grid {C_grid}, class_weight = {class_weight})",
    "linear_svm": "a linear SVM (C = {C}, grid {C_grid}, class_weight = {class_weight})",
    "complement_nb": "complement naive Bayes (alpha = {alpha}, grid {alpha_grid})",
    "sgd": "an SGD linear classifier (loss = {loss}, alpha = {alpha}, grid {alpha_grid}, penalty = {penalty})",
}


class Tracked(dict):
    """A dict that remembers which keys were read. Illustration: t = Tracked(a=1); t["a"]; t.used -> {"a"}"""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.used: set[str] = set()

    def __getitem__(self, key):
        self.used.add(key)
        return super().__getitem__(key)

    def get(self, key, default=None):
        self.used.add(key)
        return super().get(key, default)


def _range(pair) -> str:
    lo, hi = pair
    return f"{lo}" if lo == hi else f"{lo}–{hi}"


def _experiment(t: Tracked) -> str:
    return (f"All randomness is seeded (random_state = {t['random_state']}) and the run uses "
            f"{t['n_jobs']} parallel job(s); results do not depend on the number of jobs.")


def _corpus(t: Tracked) -> str:
    lang = LANGUAGES.get(t["language"], t["language"])
    labels = f", with segment labels from `{t['annotations']}`" if t.get("annotations") else ""
    if t["format"] == "folder":  # one article per file: the table-reading keys do not apply
        t.used.update(t)
        return f"Data: the {lang} articles in `{t['path']}`, one per file{labels}."
    what = {"table": "records of the table", "folder_per_label": "documents of the labelled folders"}
    parts = [f"Data: the {lang} {what.get(t['format'], t['format'])} `{t['path']}`"
             + (f" (member `{t['member']}`)" if t.get("member") else "")]
    if t.get("text_columns") and t["format"] == "table":
        parts.append(f"text from column(s) {', '.join(t['text_columns'])}")
    if t.get("label_column") or t["format"] == "folder_per_label":
        parts.append(f"labels from {'column ' + t['label_column'] if t.get('label_column') else 'the folder names'}")
    if t.get("group_column"):
        parts.append(f"cross-validation groups from column {t['group_column']}")
    if t.get("test_path") or t.get("test_member"):
        parts.append(f"a separate test set `{t['test_path'] or t['path']}`"
                     + (f" (member `{t['test_member']}`)" if t.get("test_member") else ""))
    for key, verb in (("keep_values", "keeping only"), ("drop_values", "dropping")):
        if t.get(key):
            parts.append(f"{verb} {', '.join(t[key])}")
    return ", ".join(parts) + labels + f"; invalid records: {t['on_invalid']}."


def _segments(t: Tracked) -> str:
    return (f"Segmentation: after removing boilerplate (outlet headers, captions, photo credits, repeated "
            f"lines), each article is cut into {t['unit']}s with stable ids.")


def _preprocess(t: Tracked) -> str:
    parts = ["lowercased" if t["lowercase"] else "case kept",
             "accents stripped" if t["strip_accents"] else "accents kept",
             "lemmatised (simplemma)" if t["lemmatize"] else "not lemmatised",
             "numbers dropped" if t["drop_numbers"] else "numbers kept",
             f"tokens shorter than {t['min_token_length']} characters dropped"]
    if t["stop_words"]:
        keep = t["keep_words"]
        parts.append("stop words removed" + (f" except {', '.join(keep)}" if keep else ""))
    else:
        t.used.add("keep_words")  # irrelevant when stop words are kept
        parts.append("stop words kept")
    return "Preprocessing: text " + ", ".join(parts) + "."


def _features(t: Tracked) -> str:
    views = [f"word {_range(t['word_ngram_range'])}-grams"] if t["words"] else []
    views += [f"character {_range(t['char_ngram_range'])}-grams within word boundaries"] if t["chars"] else []
    t.used.update({"word_ngram_range", "char_ngram_range"})  # a range is irrelevant when its view is off
    limit = f", at most {t['max_features']} features per view" if t["max_features"] else ""
    return (f"Features: TF-IDF on {' and '.join(views)} (min_df = {t['min_df']}, max_df = {t['max_df']}"
            f"{limit}, {'sublinear' if t['sublinear_tf'] else 'raw'} term frequency), each view L2-normalised; "
            "vectorizers are fitted on training data only.")


def _topics(t: Tracked) -> str:
    method = {"kmeans": "k-means", "minibatch_kmeans": "mini-batch k-means", "nmf": "NMF",
              "agglomerative": f"agglomerative ({t['linkage']} linkage, {t['metric']})"}[t["method"]]
    space = ("the TF-IDF vectors" if t["method"] == "nmf" or t["representation"] == "tfidf" else
             f"an LSA projection ({t['n_components']} components{', rows normalised' if t['normalize'] else ''})")
    k = (f"{t['n_clusters']} clusters (fixed)" if t["k_rule"] == "fixed" else
         f"k chosen in {t['k_min']}–{t['k_max']} by the best mean {t['k_rule'].replace('_', '-')}")
    names = {"labels": "the corpus labels", "source": "the source"}
    scored = (f"; clusters are scored against {' and '.join(names[n] for n in t['score_against'])} only after "
              "they are chosen" if t["score_against"] else "")
    return (f"Topics: {method} of {space} of all segments into {k}, each setting fitted with "
            f"{t['n_seeds']} seeds (mean ± std of every score, pairwise ARI between seeds){scored}; each "
            f"cluster is described by its {t['n_top_terms']} highest-weighted terms and "
            f"{t['n_representative']} most representative segments"
            + (f"; topic shares are reported per {', '.join(t['share_by'])}." if t["share_by"] else "."))


FINAL_FIT = {"train": "The final model ({}) is refit on the training rows (all labelled data but a fixed "
                       "split's test rows)",
             "all": "The final model ({}) is refit on all labelled data",
             "none": "No final model is refit ({} is only evaluated)"}


def _stance(t: Tracked) -> str:
    none = "" if t["keep_none"] else f" (segments labelled {t['none_label']} left out)"
    head = ", ".join(t["headline_labels"]) or "all labels"
    return (f"Stance: each segment is labelled {', '.join(t['labels'])}{none}. Models ({', '.join(t['models'])}) "
            f"are compared with baselines ({', '.join(t['baselines'])}: majority class, stratified random, "
            f"codebook keyword cues) on out-of-fold predictions only. The headline score is "
            f"{t.get('headline_name') or 'macro-F1 over ' + head}, "
            f"with accuracy, balanced accuracy, Cohen's kappa and per-class precision, recall and F1; every score "
            f"has a {t['confidence']:.0%} percentile bootstrap interval over segments ({t['bootstrap_resamples']} "
            f"seeded resamples). " + FINAL_FIT.get(t.get("final_fit", "all"), "The final model ({}) is refit "
                                                      f"as final_fit = {t.get('final_fit')}").format(t["final_model"])
            + (f"; it then labels every segment of the corpus, labelled or not, and the share of each predicted "
               f"stance is reported per {', '.join(t['share_by'])} (classify and count)." if t["share_by"] else "."))


def _evaluation(t: Tracked) -> str:
    protocols = [PROTOCOLS.get(p, p).format_map(t) for p in t["protocols"]]
    search = (f"Hyperparameters are chosen by a grid search on {t['inner_splits']} inner folds of each training "
              "fold (nested cross-validation)" if t["search"] else "Hyperparameters are fixed by the config")
    dup = {"group": "kept in one fold", "drop": "reduced to their first segment",
           "keep": "left where the folds put them"}.get(t.get("duplicates", "keep"), "handled")
    return (f"Evaluation: {' and '.join(protocols)}. {search}; vectorizers are fitted inside each training fold. "
            f"A class smaller than the folds is handled by small_class = {t['small_class']}. Segments with "
            f"identical prepared texts are {dup} (duplicates = {t.get('duplicates', 'keep')}).")


def _keywords(t: Tracked) -> str:
    counts = ", ".join(f"{len(t[k])} for {k}" for k in t if k != "default_label")
    return (f"Keyword baseline: cue lists written from the codebook, never learned from data ({counts}; listed in "
            f"the config); a segment without cues gets {t['default_label']}.")


def _model(name: str) -> Callable[[Tracked], str]:
    def describe(t: Tracked) -> str:
        return f"Model {name}: {MODELS[name].format_map(t)}."
    return describe


DESCRIBERS: dict[str, Callable[[Tracked], str]] = {
    "corpus": _corpus, "segments": _segments, "preprocess": _preprocess, "features": _features,
    "topics": _topics, "stance": _stance, "evaluation": _evaluation, "keywords": _keywords,
    **{name: _model(name) for name in MODELS}, "experiment": _experiment,
}


def _value(v) -> str:
    return ", ".join(map(str, v)) if isinstance(v, list) else str(v)


def describe_section(section: str, table: dict) -> str:
    """One sentence for one config section, naming every key it has.

    Illustration: describe_section("segments", {"unit": "sentence"}) -> "Segmentation: ... into sentences ..."
    """
    t = Tracked(table)
    text = DESCRIBERS[section](t) if section in DESCRIBERS else ""
    # Empty values ("", []) mean "not used" (e.g. a table's column names in a folder corpus): not reported.
    rest = [f"{k} = {_value(v)}" for k, v in table.items()
            if k not in t.used and k not in ("name", "description") and v not in ("", [])]
    if not text:
        return f"{section.capitalize()}: {'; '.join(rest)}." if rest else ""
    return text + (f" Other settings: {'; '.join(rest)}." if rest else "")


def groups_sentence(stance: dict) -> str:
    """What the run's grouping was, from its metrics: column, number of groups, largest share, duplicates.

    Illustration: groups_sentence({"groups": {"column": "doc", "n_groups": 2, "largest": "a", "largest_share": 0.69,
             "key": "[evaluation] group_column = 'group'"}, "protocols": {}})
             -> "Cross-validation groups: column doc ([evaluation] group_column = 'group'), 2 groups, ..."
    """
    g = stance.get("groups")
    if not g:
        return ""
    leaks = {p: v["duplicates"]["test_rows_with_training_duplicate"] for p, v in stance.get("protocols", {}).items()
             if "duplicates" in v}
    dup = "; ".join(f"{p}: {n}" for p, n in leaks.items())
    return (f"Cross-validation groups: column {g['column']} ({g['key']}), {g['n_groups']} groups, the largest "
            f"({g['largest']}) holding {g['largest_share']:.1%} of the labelled segments"
            + (f"; test segments whose identical prepared text is in their training fold: {dup}." if dup else "."))


def methods_paragraph(config: dict | Config, metrics: dict | None = None) -> str:
    """The methods paragraph of a run: its sections in data-to-evaluation order, then the seeds.

    `config` is a run folder's config.toml as read (TOML tables), or a loaded `Config`. With the run's
    `metrics`, the grouping actually used is stated too (groups_sentence).
    Illustration: methods_paragraph(seeds_stance_config) -> "Data: the French articles in `seeds` ..."
    """
    if isinstance(config, Config):
        config = to_dict(config)
    order = [s for s in DESCRIBERS if s in config and s != "experiment"]
    order += [s for s in config if s not in DESCRIBERS] + ["experiment"] * ("experiment" in config)
    text = " ".join(filter(None, (describe_section(s, config[s]) for s in order)))
    stance = (metrics or {}).get("stance", {})
    return " ".join(filter(None, [text, groups_sentence(stance) if isinstance(stance, dict) else ""]))
