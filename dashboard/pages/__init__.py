"""One module per page: its layout (from the query string) and its thin callbacks."""
