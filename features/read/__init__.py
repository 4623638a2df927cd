"""Reading corpora: article folders, CSV/TSV/JSONL tables, folder-per-label collections, newsgroups.
Decodes every encoding we meet, drops boilerplate, checks rows, and names file and line in every error."""
