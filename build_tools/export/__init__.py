"""A way out: the rendered pages as plain Markdown and a mkdocs.yml, for builders without the plugin."""
