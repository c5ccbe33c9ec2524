"""Reading SIPRI export files: one module per format (register by year, classic
register, TIV tables, API answers), with the shared cell and preamble parsing."""
