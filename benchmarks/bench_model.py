"""How long the simulation takes for every preset, against a baseline measured in the same run.

Target (issue 3): any preset, a year of days or a 4-hour episode at 1-minute steps, in under 5 ms.
The baseline is a plain Python loop of the same number of steps doing one multiply-add, so the ratio says
how much work each step does, whatever the machine. Prints medians; always exits 0 (it reports, it does
not judge). Run: .venv/bin/python benchmarks/bench_model.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from widgets import content, model

TARGET_MS = 5.0
REPEATS = 200


def median_ms(fn, repeats: int = REPEATS) -> float:
    fn()  # warm caches (the cortisol scale, imports)
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1e3)
    return statistics.median(times)


def baseline(steps: int):
    def loop():
        x = 0.0
        for _ in range(steps):
            x = x * 0.99 + 0.01
        return x
    return loop


def cases():
    """Every preset in content/, plus the largest cases the ranges allow."""
    for p in content.get().presets.values():
        if p.view == "episode":
            params = model.episode_params(p.params)
            yield f"preset {p.id}", params.total_minutes, lambda params=params: model.simulate_episode(params)
        else:
            params = model.relationship_params(p.params)
            yield (f"preset {p.id}", params.days,
                   lambda params=params: model.simulate_relationship(params))
    year = model.RelationshipParams(days=365, leave_day=300, contact_days=(10, 30))
    yield "a year of days", 365, lambda: model.simulate_relationship(year)
    longest = model.RelationshipParams(days=730, leave_day=365)
    yield "two years of days (range maximum)", 730, lambda: model.simulate_relationship(longest)
    four_hours = model.EpisodeParams(total_minutes=240)
    yield "a 4-hour episode, 1-minute steps", 240, lambda: model.simulate_episode(four_hours)
    eight_hours = model.EpisodeParams(total_minutes=480, repeats=3, gap_minutes=90, stressor_minutes=60)
    yield "an 8-hour episode, 3 moments (range maximum)", 480, lambda: model.simulate_episode(eight_hours)

    # what the explorer does per slider step: the run, the comparison run, the band of 100 runs and the summary

    from widgets import summaries

    step_params = model.RelationshipParams(days=365, leave_day=300)

    def explorer_step(p=step_params):
        model._run_set.cache_clear()  # a new setting: nothing cached
        r = model.simulate_relationship(p)
        consistent = model.simulate_relationship(model.comparison_params(p))
        model.hope_band(p, 100)
        stats = model.hope_stats(p, 100), model.hope_stats(model.comparison_params(p), 100)
        return summaries.relationship_summary(r, consistent) + summaries.band_sentence(*stats)
    yield "explorer step (two runs, 200 runs for the band, summary, a year)", 365 * 202, explorer_step


def main() -> int:
    rows = []
    for name, steps, fn in cases():
        ms = median_ms(fn)
        base = median_ms(baseline(steps))
        rows.append((name, steps, ms, base, ms / base))
    width = max(len(r[0]) for r in rows)
    print(f"{'case':<{width}}  steps  median ms  baseline ms  ratio  under {TARGET_MS} ms")
    for name, steps, ms, base, ratio in rows:
        print(f"{name:<{width}}  {steps:>5}  {ms:>9.3f}  {base:>11.4f}  {ratio:>5.1f}  "
              f"{'yes' if ms < TARGET_MS else 'NO'}")
    worst = max(r[2] for r in rows)
    print(f"\nslowest case: {worst:.3f} ms (target {TARGET_MS} ms) -> "
          f"{'all under target' if worst < TARGET_MS else 'OVER TARGET'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
