"""Stage 2, contributor text: what tree text may contain, and how it becomes safe HTML."""
