"""`kamgen report`: the ranked portfolio with every "why", as a table, JSON, CSV or Markdown."""
