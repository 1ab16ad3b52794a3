"""Find the portfolio, read its files safely (working tree, cache or git) and check their shape."""
