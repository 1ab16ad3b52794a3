"""`python -m kamgen`."""

import os
import sys

# `python -m` puts the working folder first on sys.path, and the working folder is usually a
# portfolio, which a pull request writes: a `mkdocs/` or `click/` folder there would be
# imported instead of the real package. kamgen itself is already imported by now.
if sys.path and sys.path[0] in ("", os.getcwd()):
    del sys.path[0]

from kamgen.cli.main import main

main()
