"""Rules: every finding kamgen can report, and the checks that produce them."""
