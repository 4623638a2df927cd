"""What a run writes for readers: tables as CSV, Markdown and LaTeX, share tables, the methods paragraph,
report.md, and the figures (drawn from saved results only)."""
