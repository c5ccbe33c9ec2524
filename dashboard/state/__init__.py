"""URL state: a query string parsed into a view and serialised back; pure, no Dash or data."""
