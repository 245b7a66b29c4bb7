"""The summaries under the simulation charts say only what the run shows.

These sentences are the chart's text equivalent: for a screen-reader user they are the chart (WCAG 2.2,
1.1.1 Non-text Content: the text alternative serves the equivalent purpose). So every number is checked
against the run's own data, recomputed here by plain code independent of ``widgets.summaries`` and of the
model's helper functions, over parameter sweeps and random runs (hypothesis).
"""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from widgets import model
from widgets.model import EPISODE_RANGES, RELATIONSHIP_RANGES, EpisodeParams, RelationshipParams
from widgets.summaries import band_sentence, days_summary, episode_summary, percent, relationship_summary

# --------------------------------------------------------------------------- an independent oracle


def pct_matches(said: str, x: float) -> bool:
    """Does the sentence's percentage ``said`` honestly describe the share ``x`` (0..1)?"""
    if said == "less than 1%":
        return 0 < x < 0.005
    if said == "more than 99%":
        return 0.995 <= x < 1
    n = int(said.rstrip("%"))
    if n == 0:
        return x == 0
    if n == 100:
        return x == 1
    return abs(n - 100 * x) <= 0.5 + 1e-9


def day_word_ok(text: str) -> None:
    assert not re.search(r"\b1 days\b", text), text
    assert not re.search(r"\b(?:[02-9]|\d\d+) day\b(?!s)", text), text


def facts(r: model.RelationshipResult) -> dict:
    p = r.params
    kinds = r.day_kind
    last = 0
    for d in range(1, p.leave_day + 1):
        if kinds[d - 1] in ("kind", "contact"):
            last = d
    below = next((d for d in range(last + 1, p.days + 1) if r.hope[d - 1] < 0.5), None)
    return {"kind": kinds[:p.leave_day].count("kind"), "last": last, "below": below,
            "span": (below if below else p.days) - last}


def check_relationship_text(r, consistent, without, text: str) -> None:
    p = r.params
    f = facts(r)
    day_word_ok(text)
    m = re.search(r"Kindness came on (\d+) of (\d+) days? together \(([^)]*) of them\)\.", text)
    assert m, text
    assert int(m[1]) == f["kind"] and int(m[2]) == p.leave_day
    assert pct_matches(m[3], f["kind"] / p.leave_day), text

    m = re.search(r"settled near ([^,]+), and each kind act brought a surprise of about ([^:]+):", text)
    window = r.day_kind[30:p.leave_day]
    if "kind" in window:
        assert m, text
        exp = r.expectation[30:p.leave_day]
        assert pct_matches(m[1], sum(exp) / len(exp)), text
        sur = [s for k, s in zip(window, r.surprise[30:p.leave_day]) if k == "kind"]
        assert pct_matches(m[2], sum(sur) / len(sur)), text
        assert m[2] != "0%", "a kind act always brings some surprise"
        share = window.count("kind") / len(window)
        assert ("rare kindness feels big" in text) == (share < 0.5), text
    else:
        assert m is None and "surprise" not in text, text

    m = re.search(r"The last kind day was day (\d+), (\d+) days? before leaving\.", text)
    if f["last"] == 0:
        assert "No kind act came before leaving." in text
    elif f["last"] == p.leave_day:
        assert f"The last kind day was the day of leaving (day {p.leave_day})." in text
    else:
        assert m and int(m[1]) == f["last"] and int(m[2]) == p.leave_day - f["last"], text

    m = re.search(r"Hope stayed above half for (\d+) days? after it, and fell below half on day (\d+), (.*?)\.", text)
    if f["below"] is None:
        assert m is None and "Hope was still above half at the end of the chart, " in text, text
        assert re.search(rf"end of the chart, {f['span']} days? later", text), text
    else:
        assert m, text
        n, end = int(m[1]), int(m[2])
        assert end == f["below"] and n == f["span"]
        assert all(h >= 0.5 for h in r.hope[f["last"]:end - 1]) and r.hope[end - 1] < 0.5
        if end <= p.leave_day:
            assert m[3] == "before leaving"
        else:
            assert re.fullmatch(rf"{end - p.leave_day} days? after leaving", m[3]), m[3]

    if "held hope up for longer" in text:
        assert without is not None and p.contact_days
        assert f["span"] > facts(without)["span"], "contact did not lengthen hope"
    elif without is not None and p.contact_days and f["last"]:
        assert f["span"] <= facts(without)["span"], "contact lengthened hope but the text does not say so"

    m = re.search(r"With consistent kindness in the same story it would last (\d+) days?(?:: this is (.*?))?\.", text)
    if m:
        c = facts(consistent)
        assert p.pattern != "consistent" and c["below"] and int(m[1]) == c["span"]
        if m[2]:
            ratio = f["span"] / c["span"]
            if m[2].startswith("about ") and m[2].endswith(" times as long") and "half" not in m[2]:
                assert int(m[2].split()[1]) == round(ratio) and ratio >= 1.75
            elif m[2] == "about as long":
                assert 0.95 <= ratio < 1.25
            elif m[2] == "shorter":
                assert ratio < 0.95
            else:
                assert m[2] == "about one and a half times as long" and 1.25 <= ratio < 1.75

    assert not re.search(r"from (\S+) to \1\b", text), "no 'from 100% to 100%'"
    if p.contact_days:
        first = p.contact_days[0]
        day = p.leave_day + first
        before, after = r.hope[day - 2], r.hope[day - 1]
        m = re.search(r"One kind contact (\d+) days? after leaving lifts hope from ([^ ]+(?: than \d+%)?) to "
                      r"([^ .]+(?: than \d+%)?)\.", text)
        if m:
            assert int(m[1]) == first and pct_matches(m[2], before) and pct_matches(m[3], after)
            assert after > before
        else:
            m = re.search(r"One kind contact (\d+) days? after leaving comes while hope is still at ([^.]+)\.", text)
            assert m and int(m[1]) == first and pct_matches(m[2], after), text
        if "fall below half again" in text:
            assert before < 0.5, "'again' needs hope to have been below half before the contact"
            m = re.search(r"It takes (\d+) days? more to fall below half again", text)
            again = next(d for d in range(day + 1, p.days + 1) if r.hope[d - 1] < 0.5)
            assert int(m[1]) == again - day
    else:
        assert "contact" not in text.replace("Urges coming back after contact", "")
    relief = [x for k, x in zip(r.day_kind[:p.leave_day], r.relief) if k == "kind"]
    mean_relief = sum(relief) / len(relief) if relief else 0.0
    m = re.search(r"each kind day also brought relief \(about ([\d.]+) of 1\)", text)
    assert (m is not None) == (mean_relief >= 0.1), text
    if m:
        assert abs(float(m[1]) - mean_relief) <= 0.005 + 1e-9


def run_and_check(p: RelationshipParams) -> str:
    r = model.simulate_relationship(p)
    consistent = model.simulate_relationship(model.comparison_params(p))
    without = model.simulate_relationship(replace(p, contact_days=())) if p.contact_days else None
    text = relationship_summary(r, consistent if p.pattern != "consistent" else None, without)
    check_relationship_text(r, consistent, without, text)
    return text


relationship = st.builds(
    lambda days, leave, contacts, **kw: RelationshipParams(
        days=days, leave_day=min(leave, days - 10),
        contact_days=tuple(min(c, days - min(leave, days - 10)) for c in contacts), **kw),
    days=st.integers(60, 400),
    leave=st.integers(20, 390),
    contacts=st.lists(st.integers(1, 80), max_size=2),
    pattern=st.sampled_from(model.PATTERNS),
    kindness_rate=st.floats(*RELATIONSHIP_RANGES["kindness_rate"]),
    harshness=st.floats(*RELATIONSHIP_RANGES["harshness"]),
    learning_rate=st.floats(*RELATIONSHIP_RANGES["learning_rate"]),
    hazard=st.floats(*RELATIONSHIP_RANGES["hazard"]),
    seed=st.integers(0, 2**32 - 1),
    custom_cycle=st.text(alphabet="KHN", min_size=1, max_size=12),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(relationship)
def test_relationship_summary_says_only_what_the_run_shows(p):
    run_and_check(p)


SWEEP = [
    RelationshipParams(pattern=pattern, kindness_rate=rate, harshness=harsh, days=days, leave_day=leave,
                       contact_days=contact, seed=seed, custom_cycle=cycle)
    for pattern, rate, cycle in [("intermittent", 0.05, "K"), ("intermittent", 0.2, "K"),
                                 ("intermittent", 0.5, "K"), ("intermittent", 0.95, "K"), ("consistent", 0.3, "K"),
                                 ("control", 0.3, "K"), ("custom", 0.3, "K"), ("custom", 0.3, "HHHHHHK"),
                                 ("custom", 0.3, "N"), ("custom", 0.3, "KH")]
    for harsh in (0.0, 0.7)
    for days, leave in [(60, 20), (120, 25), (240, 120), (365, 355)]
    for contact in [(), (1,), (5,), (10,), (5, 9)]
    for seed in (0, 1)
]


def test_relationship_summary_over_a_sweep_of_settings():
    """Corners included: no kindness at all, kindness every day, leaving on the last possible day, contact on
    the first day apart (while hope is still high), contact after hope fell below half."""
    texts = [run_and_check(p) for p in SWEEP]
    assert len(texts) == len(SWEEP)
    # the sweep reaches the cases the rules are about
    assert any("fall below half again" in t for t in texts)
    assert any("comes while hope is still at" in t for t in texts)
    assert any("held hope up for longer" in t for t in texts)
    assert any("No kind act came before leaving" in t for t in texts)
    assert any("still above half at the end of the chart" in t for t in texts)
    assert any("less than 1%" in t for t in texts)
    assert all("These days are illustrative steps: in people, the pull can last many months." in t for t in texts)


def test_hope_that_falls_below_half_on_the_day_of_leaving_is_said_to_fall_before_leaving():
    """The boundary case: hope ends the day of leaving below half. That is before leaving, not "0 days after"."""
    found = []
    for seed in range(3000):
        p = RelationshipParams(kindness_rate=0.2, days=100, leave_day=60, seed=seed)
        r = model.simulate_relationship(p)
        if facts(r)["below"] == p.leave_day:
            found.append(run_and_check(p))
            if len(found) == 3:
                break
    assert found and all("fell below half on day 60, before leaving." in t and not re.search(r"\b0 days after", t) for t in found)


@pytest.mark.parametrize("x, words", [(0, "0%"), (0.001, "less than 1%"), (0.004999, "less than 1%"),
                                      (0.3, "30%"), (0.996, "more than 99%"), (1, "100%")])
def test_percent_never_rounds_a_real_difference_away(x, words):
    assert percent(x) == words


def test_the_band_sentence_reports_the_runs():
    p = RelationshipParams(kindness_rate=0.3, days=240, leave_day=120)
    stats = model.hope_stats(p, 100)
    text = band_sentence(stats, model.hope_stats(model.comparison_params(p), 100))
    values = sorted(model.days_of_hope(r) for r in model.many_runs(p, 100))
    assert f"median of {round((values[49] + values[50]) / 2)} days" in text
    assert f"most runs: {round(model.percentile(values, 0.1))} to {round(model.percentile(values, 0.9))} days" in text


# --------------------------------------------------------------------------- module 02


def check_episode_text(r: model.EpisodeResult, text: str) -> None:
    p = r.params
    first, last = r.eased_minutes[0], r.eased_minutes[-1]
    assert not re.search(r"\b1 minutes\b", text)
    if p.repeats == 1:
        assert f"The threat lasts {p.stressor_minutes} minute" in text
    else:
        assert f"There are {p.repeats} stressful moments of {p.stressor_minutes} minute" in text
        assert f"{p.gap_minutes} minutes apart" in text
    m = re.search(r"Adrenaline falls below a tenth of its peak within about (\d+) minutes?", text)
    if m:
        top = max(range(len(r.adrenaline)), key=r.adrenaline.__getitem__)
        limit = 0.1 * r.adrenaline[top]
        gone = next(t for t in range(max(first, top), len(r.adrenaline)) if r.adrenaline[t] < limit) - first
        assert int(m[1]) == max(gone, 1)
        assert p.repeats == 1 or gone < p.gap_minutes
    peak = max(range(len(r.cortisol)), key=r.cortisol.__getitem__)
    m = re.search(r"Cortisol is highest (\d+) minutes? after the threat began", text)
    if p.repeats == 1:
        assert m and int(m[1]) == peak - p.onset_minute
    else:
        m = re.search(r"Cortisol is highest after (the last|moment (\d+) of (\d+)):", text)
        assert m
        follows = max(i for i, s in enumerate(p.onset_minutes) if s <= peak) + 1
        assert (m[1] == "the last") == (follows == p.repeats)
        if m[2]:
            assert int(m[2]) == follows
    m = re.search(r"It stays above half its peak for (\d+) minutes? after the threat eased", text)
    half = next((t for t in range(max(last, peak), len(r.cortisol)) if r.cortisol[t] < 0.5 * r.cortisol[peak]), None)
    if half is None:
        assert "still above half its peak at the end of the chart" in text
    elif half - last > 0:
        assert m and int(m[1]) == half - last
    m = re.search(r"The relief signal when the threat eases is (\w+) \(([\d.]+) of 1\)", text)
    if r.relief > 0:
        assert m and abs(float(m[2]) - r.relief) <= 0.005 + 1e-9
        assert m[1] == ("strong" if r.relief >= 0.6 else "moderate" if r.relief >= 0.3 else "small")
    else:
        assert "There is no relief signal" in text


def _episode(**kw) -> EpisodeParams | None:
    try:
        return EpisodeParams(**kw)
    except ValueError:
        return None


episodes = st.builds(
    _episode,
    threat_intensity=st.floats(*EPISODE_RANGES["threat_intensity"]),
    stressor_minutes=st.integers(*EPISODE_RANGES["stressor_minutes"]),
    expected_threat=st.floats(*EPISODE_RANGES["expected_threat"]),
    threat_after=st.floats(*EPISODE_RANGES["threat_after"]),
    onset_minute=st.integers(*EPISODE_RANGES["onset_minute"]),
    repeats=st.integers(*EPISODE_RANGES["repeats"]),
    gap_minutes=st.integers(*EPISODE_RANGES["gap_minutes"]),
    total_minutes=st.integers(*EPISODE_RANGES["total_minutes"]),
)


@settings(max_examples=200, deadline=None)
@given(episodes)
def test_episode_summary_says_only_what_the_run_shows(p):
    assume(p is not None)
    r = model.simulate_episode(p)
    check_episode_text(r, episode_summary(r))


@settings(max_examples=15, deadline=None)
@given(episodes, st.integers(2, 7))
def test_days_summary_says_what_is_left_the_next_day(p, n):
    """Brief section 3: single surges clear within hours and do not stack; what builds is expectation."""
    assume(p is not None and p.eased_minutes[-1] < 1440 - 600)
    r = model.daily_episodes(p, days=n)
    expectation = model.threat_expectation(n)
    text = days_summary(r, expectation)
    top = max(r.cortisol)
    left = max(r.cortisol[d * 1440 + p.onset_minutes[0]] for d in range(1, n)) / top
    m = re.search(r"cortisol is back to (.*?) of its peak", text)
    assert m and pct_matches(m[1], left), text
    assert "does not pile up" in text and left < 0.01
    m = re.search(r"from (\d+)% after the first day to (\d+)% after day (\d+)", text)
    assert m and int(m[3]) == n and pct_matches(m[1] + "%", expectation[0]) and pct_matches(m[2] + "%", expectation[-1])
