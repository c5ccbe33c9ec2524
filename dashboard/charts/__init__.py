"""A loaded dataset and a view in, each chart's data and figure out: what page callbacks call."""
