"""`kamgen validate` and `kamgen check`: run the rules, scope, locate and report findings."""
