"""Write a synthetic, contract-shaped portfolio of N accounts (deterministic for a given N).

python bench/generate.py 1000 /tmp/portfolio-1000
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

LEVELS = ["executive", "management", "operational"]
ROLES = ["decision_maker", "budget_holder", "influencer", "user", "gatekeeper"]
SENTIMENTS = ["champion", "supporter", "neutral", "detractor", "unknown"]
STATUSES = ["adopted", "pursuing", "open", "won", "lost", "not_applicable"]
CURRENCIES = ["USD", "EUR", "ZAR"]
TEAM = [f"kam{i}" for i in range(40)]

CONFIG = """schema_version: 1
portfolio:
  name: Synthetic portfolio
  currency: USD
  fx: {EUR: 1.08, ZAR: 0.055}
team:
%s
scoring:
  criteria:
    - {id: expansion_potential, weight: 30}
    - {id: strategic_fit, weight: 25}
    - {id: current_revenue, weight: 20, source: revenue_quintile}
    - {id: executive_access, weight: 15}
    - {id: reference_value, weight: 10}
  tiers: {"1": 70, "2": 45, "3": 0}
"""


def account(rng: random.Random, i: int) -> dict[str, str]:
    aid = f"account-{i:05d}"
    owner = rng.choice(TEAM)
    people = [f"p{j}" for j in range(rng.randint(3, 9))]
    plan = f"""schema_version: 1
id: {aid}
name: Synthetic Customer {i} Ltd
kind: {rng.choice(["existing", "emerging"])}
tier: {rng.randint(1, 3)}
industry: Industry {i % 17}
region: Region {i % 7}
currency: {rng.choice(CURRENCIES)}
owner: {owner}
scores: {{expansion_potential: {rng.randint(1, 5)}, strategic_fit: {rng.randint(1, 5)}, \
executive_access: {rng.randint(1, 5)}, reference_value: {rng.randint(1, 5)}}}
financials:
  - {{year: 2025, revenue: {rng.randint(0, 5_000_000)}, wallet: {rng.randint(5_000_000, 20_000_000)}}}
  - {{year: 2026, revenue: {rng.randint(0, 5_000_000)}, wallet: {rng.randint(5_000_000, 20_000_000)}}}
situation:
  summary: >-
    A synthetic customer whose situation text is long enough to resemble a real plan, with
    priorities, pressures and initiatives written in the customer's own words.
  priorities: [Grow the enterprise segment, Consolidate suppliers]
  pressures: [Margin pressure]
  initiatives: [Sales transformation]
objectives:
  - {{id: grow, title: Grow the account, horizon: short, target_revenue: 100000, due: 2027-06-30}}
actions:
  - {{id: call, what: Call the sponsor, owner: {owner}, due: 2026-12-15, status: open, objective: grow}}
reviewed: {{on: 2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}, by: {owner}}}
contracts:
  - {{id: msa, title: Master agreement, unit: Unit 0, offering: Offering 0, \
value: {rng.randint(10_000, 900_000)}, end: 2027-{rng.randint(1, 12):02d}-15, notice_days: 60}}
opportunities:
  - {{id: expand, name: Expansion, unit: Unit 1, offering: Offering 1, \
amount: {rng.randint(10_000, 300_000)}, probability: 0.5, close_date: 2027-03-31, objective: grow}}
  - {{id: renew, name: Renewal uplift, amount: {rng.randint(10_000, 300_000)}, stage: won, \
probability: 1, close_date: 2026-09-30, objective: grow}}
risks:
  - {{id: budget, title: Budget cuts, severity: {rng.randint(1, 5)}, likelihood: \
{rng.randint(1, 5)}, owner: {owner}, mitigations: [call], review_by: 2027-01-31}}
"""
    rows = []
    for j, pid in enumerate(people):
        boss = f", reports_to: {people[0]}" if j else ""
        if j == 0:  # a second tie: the sponsor's
            boss += f", relationships: [{{with: {rng.choice(TEAM)}, strength: 4, last_contact: 2026-10-01}}]"
        rows.append(
            f"  - {{id: {pid}, name: Person {j}, title: Title {j}, level: {rng.choice(LEVELS)}, "
            f"buying_role: {rng.choice(ROLES)}, sentiment: {rng.choice(SENTIMENTS)}, "
            f"strength: {rng.randint(0, 5)}, our_contact: {owner}, "
            f"last_contact: 2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}{boss}}}"
        )
    stakeholders = "schema_version: 1\nstakeholders:\n" + "\n".join(rows) + "\n"
    units = [f"Unit {u}" for u in range(4)]
    offerings = [f"Offering {o}" for o in range(4)]
    cells = []
    for u in units:
        for o in offerings:
            if rng.random() < 0.5:
                cells.append(
                    f"  - {{unit: {u}, offering: {o}, status: {rng.choice(STATUSES)}, "
                    f"value: {rng.randint(0, 500_000)}}}"
                )
    whitespace = (
        f"schema_version: 1\nunits: [{', '.join(units)}]\nofferings: [{', '.join(offerings)}]\n"
        + ("cells:\n" + "\n".join(cells) + "\n" if cells else "")
    )
    review = f"""schema_version: 1
date: 2026-10-14
kind: business_review
attendees: {{ours: [{owner}], theirs: [{people[0]}]}}
delivered: [Training]
value_created: [Win rate up]
satisfaction: {{csat: 4.2, nps: 30}}
"""
    return {
        f"accounts/{aid}/plan.yaml": plan,
        f"accounts/{aid}/stakeholders.yaml": stakeholders,
        f"accounts/{aid}/whitespace.yaml": whitespace,
        f"accounts/{aid}/reviews/2026-10-14-business-review.yaml": review,
    }


def generate(n: int, root: Path, seed: int = 7) -> None:
    rng = random.Random(seed + n)
    root.mkdir(parents=True, exist_ok=True)
    team = "\n".join(f"  - {{id: {t}, name: Manager {t}, role: key_account_manager}}" for t in TEAM)
    (root / "kamgen.yaml").write_text(CONFIG % team, encoding="utf-8")
    for i in range(n):
        for rel, text in account(rng, i).items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    generate(int(sys.argv[1]), Path(sys.argv[2]))
