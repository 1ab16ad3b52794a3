"""How large a number and how long a list may be: far beyond any real plan, small enough that
every check, metric, picture and page stays bounded by a constant per item of input.

Lists: the whitespace grid is drawn as units × offerings, so those two are the tight ones
(a grid of a few KB once made a page of tens of MB). A longer list is the error `too-many`,
with advice on how to split it (kamgen/load/structure.py).

Numbers: every number in every file is 0 or between 10^-9 and 10^15 in size (the loader's
`bad-number`, kamgen/load/yamlsafe.py). The metrics multiply at most an amount by an fx rate
(≤ 10^30), sum over accounts and cells (≤ 10^36 for a million of them), and divide by a sum
of amounts (at least 10^-18 when not 0): every result is finite, far from float's limits of
10^308 and 10^-308, so no metric can overflow to infinity or lose itself in subnormals.
"""

from __future__ import annotations

MAX_NUMBER = 1e15  # a quadrillion: more than any customer's revenue in any currency
MIN_NUMBER = 1e-9  # the smallest size of a number other than 0

# whitespace.yaml
UNITS = 60
OFFERINGS = 40
CELLS = UNITS * OFFERINGS  # each unit × offering at most once
# stakeholders.yaml
STAKEHOLDERS = 500
INFLUENCES = 50
# plan.yaml
SCORES = 50
FINANCIAL_YEARS = 100
TEXTS = 100  # each list of sentences: priorities, needs, delivered, next steps, ...
COMPETITORS = 50
OBJECTIVES = 100
ACTIONS = 500
WAIVERS = 100
CONTRACTS = 200
OPPORTUNITIES = 500
RISKS = 200
MEASURES = 50
LINKS = 50
TIES = 50  # a stakeholder's relationships with the team
# reviews/*.yaml
ATTENDEES = 100
MOVES = CELLS
# kamgen.yaml
TEAM = 500
FX_RATES = 200  # there are fewer currencies than this
RULE_OVERRIDES = 200

# Characters in one name (of a person, an account, a unit, an offering, a label) and in one
# sentence or note. Names appear in tables, tooltips and navigation on many pages.
NAME_CHARS = 200
TEXT_CHARS = 4000
