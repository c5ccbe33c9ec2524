"""Numbers from the loaded tables: periods, shares, ranks, deals, events, headlines; no Dash."""
