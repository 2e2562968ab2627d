"""Stage 4, checking: find the files, load them, run every registered rule (stage 3, `rules/`) on them."""
