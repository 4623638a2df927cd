"""The codebook's UN examples quote real labelled passages: each excerpt is in the passage, with its label."""
import csv
import re

from tests.annotate_helpers import un_records
from tests.conftest import SEEDS

ROW = re.compile(r"^\| `(\w+)` \| (.*) \| `(\w+)` \| .* \|$")


def examples():
    text = (SEEDS / "CODEBOOK.md").read_text(encoding="utf-8")
    section = text[text.index("## Examples from the UN General Debates"):]
    return [m.groups() for m in map(ROW.match, section.splitlines()) if m]


def test_every_un_example_quotes_its_passage_and_label():
    passages = {r["id"]: r["text"].replace("\u2019", "'") for r in un_records()}
    labels = {r["id"]: r["label"] for r in csv.DictReader(open(SEEDS / "ungdc" / "labels.csv", encoding="utf-8"))}
    rows = examples()
    assert {label for label, _, _ in rows} == {"deterrence", "escalation", "reassurance", "none"}
    for label, excerpt, seg_id in rows:
        assert labels[seg_id] == label, seg_id
        for quote in re.findall(r'"(.*?)"(?=[ (]|$)', excerpt):
            for part in filter(None, (p.strip() for p in quote.split("..."))):
                assert part in passages[seg_id], (seg_id, part)
