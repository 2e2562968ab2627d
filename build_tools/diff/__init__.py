"""A way out for reviewers: what a change to the trees does to visitors' journeys (`build_tools diff`)."""
