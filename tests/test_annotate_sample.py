"""Random and stratified draws reproduce the UN batches that annotators labelled, from the shared CSV."""
import numpy as np
import pytest

from experiments.annotate.sample import equal_quotas, random_draw, split_between, stratified_draw, unlabelled_pool
from tests.annotate_helpers import LABELS_DIR, batch_ids, un_records


def test_random_draw_reproduces_batch1_ids_and_split():
    records = un_records()
    ids = [records[i]["id"] for i in random_draw(records, 300, 2026)]
    a, b = split_between(ids, 2, "blocks")
    assert a == batch_ids("batch1_a") and b == batch_ids("batch1_b")


def test_stratified_draw_reproduces_batch2_start_and_enriches_the_flag():
    records = un_records()
    batch1 = set(batch_ids("batch1_a")) | set(batch_ids("batch1_b"))
    drawn = stratified_draw(records, 300, 2027, "mentions_deterrence", batch1)
    ids = [records[i]["id"] for i in drawn]
    assert ids[:2] == ["MHL_61_2006_8", "USA_14_1959_37"]
    assert len(set(ids)) == 300 and not set(ids) & batch1
    flags = [records[i]["mentions_deterrence"] for i in drawn]
    assert flags[:150] == ["0"] * 150 and flags[150:] == ["1"] * 150  # 1.5% of the corpus, half the batch
    if (LABELS_DIR / "batch2_a.csv").exists():  # once the batch-2 labels are committed
        a, b = split_between(ids, 2, "alternate")
        assert a == batch_ids("batch2_a") and b == batch_ids("batch2_b")


def test_draws_depend_on_the_seed_and_skip_excluded_ids():
    records = un_records()
    first = random_draw(records, 50, 7)
    assert random_draw(records, 50, 7) == first and random_draw(records, 50, 8) != first
    excluded = {records[i]["id"] for i in first}
    again = random_draw(records, 50, 7, excluded)
    assert not {records[i]["id"] for i in again} & excluded


def test_too_large_a_draw_is_a_clear_error():
    from features.read.encoding import CorpusError

    records = un_records()
    with pytest.raises(CorpusError, match="only 249 unlabelled passages in stratum mentions_deterrence=1"):
        stratified_draw(records, 600, 1, "mentions_deterrence")


def test_pool_quotas_and_split_small_cases():
    assert unlabelled_pool([{"id": "a"}, {"id": "b"}, {"id": "c"}], {"b"}).tolist() == [0, 2]
    assert equal_quotas(301, 2) == [151, 150]
    assert split_between([1, 2, 3, 4, 5], 2, "alternate") == [[1, 3, 5], [2, 4]]
    assert split_between([1, 2, 3, 4, 5], 2, "blocks") == [[1, 2, 3], [4, 5]]
    assert np.array_equal(unlabelled_pool([{"id": "a"}], set()), [0])


def test_second_pass_draw_reproduces_the_committed_second_pass():
    from experiments.annotate.sample import second_pass_draw

    labelled = [i for name in ("batch1_a", "batch1_b", "batch2_a", "batch2_b") for i in batch_ids(name)]
    drawn = second_pass_draw(labelled, 0.1, 2028)
    with open(LABELS_DIR.parent / "second_pass" / "second_pass_60_labels.csv", encoding="utf-8") as f:
        committed = [line.split(",", 1)[0] for line in f.read().splitlines()[1:]]
    assert drawn == committed and len(drawn) == 60
    assert second_pass_draw(list(reversed(labelled)), 0.1, 2028) == drawn  # file order does not matter
