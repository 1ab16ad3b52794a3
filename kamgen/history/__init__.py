"""History from git: the portfolio at every commit that changed it, computed as of that day.

- `gitlog`: the first-parent commits that changed kamgen.yaml or accounts/, with what each
  changed, from one `git log`;
- `tree`: the portfolio's files at one of those commits, as a loader Source, read from git
  by blob id without checking anything out;
- `series`: one point per commit (each account's metrics, and the gaps where a file was
  invalid), loading again only the files a commit changed, and cached by commit;
- `asof`: the portfolio as it was on a date, for `--as-of`.
"""
