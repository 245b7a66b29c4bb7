"""The partial reinforcement extinction effect in the course's model, against the animal data.

    .venv/bin/python benchmarks/pree.py [--runs 500] [--hazard 0.01]

Measure (widgets.model.days_of_hope): days from the last kind act before leaving until hope first ends a
day below half. For each kindness rate: the median and the 10th-90th percentile over ``--runs`` runs
(seeds 0..runs-1), and the median's ratio to consistent kindness (95% of days). Target (Chan & Harris 2019,
trials to start extinguishing against continuous reward): about 3 times at 33% and 5 times at 20%.
The last line is machine-readable: ``pree_ratio_33=X pree_ratio_20=Y``.
Days are illustrative steps: in people the pull lasts months (Dutton & Painter 1993).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from widgets import model

RATES = (0.95, 0.5, 0.33, 0.2, 0.1)


def table(runs: int, hazard: float, days: int = 730, leave_day: int = 180) -> dict[float, model.HopeStats]:
    out = {}
    for rate in RATES:
        pattern = "consistent" if rate == model.PATTERN_RATES["consistent"] else "intermittent"
        p = model.RelationshipParams(pattern=pattern, kindness_rate=rate, days=days, leave_day=leave_day,
                                     hazard=hazard)
        out[rate] = model.hope_stats(p, runs)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=500)
    ap.add_argument("--hazard", type=float, default=model.RelationshipParams.hazard)
    args = ap.parse_args(argv)
    rows = table(args.runs, args.hazard)
    base = rows[0.95].median
    print(f"days from the last kind act until hope falls below half; {args.runs} runs each; hazard {args.hazard}")
    print(f"{'kindness':>9} {'median':>7} {'10th-90th':>10} {'x consistent':>13}")
    for rate, s in rows.items():
        print(f"{rate:>8.0%} {s.median:>7.1f} {f'{s.low:.0f}-{s.high:.0f}':>10} {s.median / base:>13.2f}")
    print(f"pree_ratio_33={rows[0.33].median / base:.2f} pree_ratio_20={rows[0.2].median / base:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
