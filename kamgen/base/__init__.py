"""Errors, findings, escaping per output target, hints and atomic writes: what every layer uses."""
