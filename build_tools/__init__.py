"""Decision-tree engine: YAML trees -> validated model -> Markdown pages for MkDocs."""

__all__ = ["__version__"]
__version__ = "0.1.0"
