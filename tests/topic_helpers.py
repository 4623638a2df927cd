"""The first passages of the shared UN table as a small table of their own (shared by topic tests)."""
import csv

from tests.conftest import shared_data


def un_head_table(folder, n: int = 600):
    """Write the first `n` UN passages (1946 on) as `folder/un<n>.csv`, same columns; returns its path."""
    source = shared_data("ungdc", "ungdc_nuclear_paragraphs_1946_2024.csv")
    with open(source, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))[:n]
    table = folder / f"un{n}.csv"
    with open(table, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader(), writer.writerows(rows)
    return table
