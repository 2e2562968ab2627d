"""A way out: the `decision-trees` MkDocs plugin adds the rendered pages to a MkDocs build."""
