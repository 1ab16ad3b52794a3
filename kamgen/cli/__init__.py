"""Command line: each command parses options into an object and calls `execute`."""
