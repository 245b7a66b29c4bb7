"""The stress/relief simulation: an illustrative model on two time scales, pure Python.

No ipywidgets, no display, no I/O: every number here can be tested without a kernel.

1. **One episode, in minutes** (module 02): ``simulate_episode(EpisodeParams(...))``.
   A stressor drives fast alarm hormones (adrenaline, noradrenaline; half-lives of minutes) and, through a
   slower ACTH-like stage, cortisol (peak 20-40 min after onset, half-life 60-90 min). Each signal follows
   ``dH/dt = gain * s(t) - ln2 / t_half * H`` (brief, section 3). When the threat eases, the relief signal is
   the "better than expected" gap ``max(0, expected_threat - threat that came)`` (brief, section 2).

2. **A relationship, in days** (module 03): ``simulate_relationship(RelationshipParams(...))``.
   Each day brings kindness or harm in the chosen pattern. The learned *expectation* of kindness follows
   Rescorla-Wagner (``V <- V + alpha * (r - V)``); the *surprise* at a kind act is ``1 - V``. *Hope* that
   kindness will come back is the belief of a change-point learner ("has the relationship changed, or is
   this another dry spell?"). Plain Rescorla-Wagner forgets at the same speed whatever the kindness rate
   was, so it cannot show the partial reinforcement extinction effect; the change-point belief does,
   because a long run without kindness is ordinary when kindness was rare.

Illustrative, not a physiological model: levels are relative units, not measurements, and nothing here
predicts any person's life. What it leaves out is listed in ``LEAVES_OUT``.
"""

from __future__ import annotations

import functools
import math
import random
from dataclasses import dataclass, fields, replace
from typing import Any, Literal

LEAVES_OUT = (
    "Differences between people: bodies, histories and support all change these curves.",
    "Real hormone measurements: the levels are relative units on real time scales, not blood tests.",
    "Danger and safety: leaving can be the most dangerous time, and planning with an advocate helps.",
    ("The many reasons people stay, such as children, money, housing, fear of what the other person "
     "might do, and love."),
    "Urges that come back after time away or in familiar places, even when hope had faded.",
    "It is a learning sketch, not a prediction of anyone's life.",
)

# --------------------------------------------------------------------------- parameter ranges
# One table, used by the dataclasses, the presets check and the explorer's sliders, so a range lives in
# exactly one place. Each entry: (lowest, highest).

EPISODE_RANGES: dict[str, tuple[float, float]] = {
    "threat_intensity": (0.05, 1.0),      # how harsh the moment is (1 = the worst this sketch shows)
    "stressor_minutes": (1, 120),         # how long the threat lasts
    "expected_threat": (0.0, 1.0),        # how bad the person feared it would get
    "threat_after": (0.0, 1.0),           # threat that is left once it eases (0 = it stops)
    "onset_minute": (0, 60),              # when the (first) threat begins
    "repeats": (1, 6),                    # how many stressful moments
    "gap_minutes": (10, 240),             # calm minutes between one moment and the next
    "total_minutes": (60, 480),           # how long the chart runs
    "adrenaline_half_life": (2.0, 3.0),   # minutes, plasma (product labels)
    "noradrenaline_half_life": (1.0, 2.0),
    "acth_half_life": (5.0, 8.0),         # the faster stage that drives cortisol (brief: ~5-10; above 8 the
                                          # cortisol peak of a 15-minute threat comes later than 40 minutes)
    "cortisol_half_life": (60.0, 90.0),   # De Lacerda 1973
}

RELATIONSHIP_RANGES: dict[str, tuple[float, float]] = {
    "kindness_rate": (0.0, 1.0),          # chance that a day brings kindness (intermittent pattern)
    "harshness": (0.0, 1.0),              # how harsh the bad days are
    "days": (60, 730),
    "leave_day": (20, 720),               # also at least 10 days before the end
    "learning_rate": (0.05, 0.3),         # Rescorla-Wagner alpha (brief, section 2)
    "hazard": (0.01, 0.05),               # daily chance, in the learner's mind, that things really change
    "seed": (0, 2**32 - 1),
}

PATTERNS = ("consistent", "intermittent", "control", "custom")
# Fixed kindness rates of the named patterns; "intermittent" uses kindness_rate, "custom" a repeating cycle.
PATTERN_RATES = {"consistent": 0.95, "control": 0.05}
DAY_KINDS = {"K": "kind", "H": "harm", "N": "neutral"}

_INTEGER = {"stressor_minutes", "onset_minute", "repeats", "gap_minutes", "total_minutes", "days", "leave_day", "seed"}


def _check_range(name: str, value: Any, lo: float, hi: float) -> None:
    integer = name in _INTEGER
    ok_type = (isinstance(value, int) if integer else isinstance(value, (int, float))) and not isinstance(value, bool)
    if not ok_type:
        kind = "a whole number" if integer else "a number"
        raise ValueError(f"{name} must be {kind} between {lo} and {hi} (got {value!r})")
    if not (lo <= value <= hi) or (isinstance(value, float) and not math.isfinite(value)):
        raise ValueError(f"{name} must be between {lo} and {hi} (got {value!r})")


# --------------------------------------------------------------------------- one episode, in minutes


@dataclass(frozen=True)
class EpisodeParams:
    """One stressful moment and what follows, at 1-minute steps. Ranges in ``EPISODE_RANGES``."""

    threat_intensity: float = 0.8
    stressor_minutes: int = 15
    expected_threat: float = 0.9
    threat_after: float = 0.0
    onset_minute: int = 10
    repeats: int = 1
    gap_minutes: int = 60
    total_minutes: int = 240
    adrenaline_half_life: float = 2.5
    noradrenaline_half_life: float = 1.5
    acth_half_life: float = 6.0
    cortisol_half_life: float = 75.0

    def __post_init__(self) -> None:
        for f in fields(self):
            _check_range(f.name, getattr(self, f.name), *EPISODE_RANGES[f.name])
        latest = self.total_minutes - 30
        if self.eased_minutes[-1] > latest:
            raise ValueError(
                f"the last threat must ease by minute {latest} (total_minutes - 30, so the chart shows what "
                f"follows) (got {self.eased_minutes[-1]}): use fewer, shorter or closer moments, or a longer "
                f"total_minutes")

    @property
    def onset_minutes(self) -> list[int]:
        return [self.onset_minute + k * (self.stressor_minutes + self.gap_minutes) for k in range(self.repeats)]

    @property
    def eased_minutes(self) -> list[int]:
        return [m + self.stressor_minutes for m in self.onset_minutes]


@dataclass(frozen=True)
class EpisodeResult:
    """Levels per minute, in relative units. Every list has ``total_minutes + 1`` finite values.

    - ``minutes``: 0 .. total_minutes.
    - ``threat``: the stressor input, 0..1.
    - ``adrenaline``, ``noradrenaline``, ``acth``: 0..1 (1 = the level a never-ending threat of intensity 1
      would settle at).
    - ``cortisol``: 0..``CORTISOL_CEILING``, scaled so that 1 = the peak after a 15-minute threat of
      intensity 1; the ceiling is the level under a never-ending threat of intensity 1.
    - ``relief``: 0..1, the "better than expected" signal each time a threat eases, at ``eased_minutes``
      (a brief learning signal, not a blood level). ``eased_minute`` is the first of them.
    """

    params: EpisodeParams
    minutes: list[int]
    threat: list[float]
    adrenaline: list[float]
    noradrenaline: list[float]
    acth: list[float]
    cortisol: list[float]
    relief: float
    eased_minute: int
    eased_minutes: list[int] = ()  # type: ignore[assignment]


def _decay(half_life: float) -> tuple[float, float]:
    """Exact one-minute step of dH/dt = k*(s - H) with s held constant: H <- H*a + s*(1 - a)."""
    a = math.exp(-math.log(2) / half_life)
    return a, 1.0 - a


def _run_minutes(threat: list[float], p: EpisodeParams, start: tuple[float, float, float, float] = (0, 0, 0, 0),
                 cortisol_scale: float | None = None) -> tuple[list[float], ...]:
    # The gains equal the clearance rates, so a constant threat s settles each signal at s: levels are
    # bounded by the largest threat, which is why hormones cannot pile up from one episode to the next.
    aa, ba = _decay(p.adrenaline_half_life)
    an, bn = _decay(p.noradrenaline_half_life)
    ac, bc = _decay(p.acth_half_life)
    af, bf = _decay(p.cortisol_half_life)
    scale = _cortisol_scale() if cortisol_scale is None else cortisol_scale
    a, n, c, f = start
    adr, nor, act, cor = [a], [n], [c], [f * scale]
    for s in threat[:-1]:
        # cortisol integrates the ACTH-like stage over the step (trapezoid), so its delay is the stage's
        c_next = c * ac + s * bc
        f = f * af + 0.5 * (c + c_next) * bf
        a, n, c = a * aa + s * ba, n * an + s * bn, c_next
        adr.append(a)
        nor.append(n)
        act.append(c)
        cor.append(f * scale)
    return adr, nor, act, cor


@functools.lru_cache(maxsize=1)
def _cortisol_scale() -> float:
    """Scale so that the peak after a 15-minute threat of intensity 1 (default half-lives) is 1."""
    p = EpisodeParams(threat_intensity=1.0, stressor_minutes=15, onset_minute=0)
    threat = [1.0 if m < 15 else 0.0 for m in range(p.total_minutes + 1)]
    return 1.0 / max(_run_minutes(threat, p, cortisol_scale=1.0)[3])


def cortisol_ceiling() -> float:
    """The highest cortisol level the model can reach (a never-ending threat of intensity 1)."""
    return _cortisol_scale()


def threat_curve(p: EpisodeParams) -> list[float]:
    """The threat each minute: the intensity during a moment, what is left of it after it first eases."""
    curve = [0.0] * (p.total_minutes + 1)
    for m in range(p.eased_minutes[0], p.total_minutes + 1):
        curve[m] = p.threat_after
    for start in p.onset_minutes:
        for m in range(start, start + p.stressor_minutes):
            curve[m] = p.threat_intensity
    return curve


def relief_signal(expected_threat: float, threat_that_came: float) -> float:
    """The "better than expected" gap when a threat eases, 0..1 (brief: max(0, expected - actual))."""
    return max(0.0, expected_threat - threat_that_came)


def simulate_episode(p: EpisodeParams | None = None) -> EpisodeResult:
    """Run one episode. See ``EpisodeResult`` for each output's range."""
    p = p or EpisodeParams()
    threat = threat_curve(p)
    adr, nor, act, cor = _run_minutes(threat, p)
    return EpisodeResult(p, list(range(p.total_minutes + 1)), threat, adr, nor, act, cor,
                         relief_signal(p.expected_threat, p.threat_after), p.eased_minutes[0], p.eased_minutes)


def cortisol_curve(p: EpisodeParams | None = None) -> list[float]:
    return simulate_episode(p).cortisol


def daily_episodes(p: EpisodeParams | None = None, days: int = 30) -> EpisodeResult:
    """The same episode once a day for ``days`` days, one minute at a time (for the "no pile-up" point).

    Returns an ``EpisodeResult`` whose lists cover ``days * 1440 + 1`` minutes.
    """
    p = p or EpisodeParams()
    _check_range("days", days, 1, 366)
    day = [0.0] * 1440
    for start in p.onset_minutes:
        for m in range(start, start + p.stressor_minutes):
            day[m] = p.threat_intensity
    threat = day * days + [0.0]
    adr, nor, act, cor = _run_minutes(threat, p)
    eased = [d * 1440 + m for d in range(days) for m in p.eased_minutes]
    return EpisodeResult(p, list(range(len(threat))), threat, adr, nor, act, cor,
                         relief_signal(p.expected_threat, 0.0), eased[0], eased)


# Facts about an episode the explorer states in words (tests call these too).

def peak_minute(curve: list[float]) -> int:
    return max(range(len(curve)), key=curve.__getitem__)


def minutes_until_below(curve: list[float], fraction: float, after: int) -> int | None:
    """Minutes after ``after`` until ``curve``, past its peak, first falls below ``fraction`` of that peak.

    None if it does not fall that low within the curve.
    """
    top = peak_minute(curve)
    limit = fraction * curve[top]
    for m in range(max(after, top), len(curve)):
        if curve[m] < limit:
            return m - after
    return None


def episode_summary(r: EpisodeResult) -> str:
    """Plain-language account of an episode chart; also the chart's text equivalent."""
    p = r.params
    first_eased = r.eased_minute
    adr_gone = minutes_until_below(r.adrenaline, 0.1, first_eased)
    last_eased = r.eased_minutes[-1] if r.eased_minutes else first_eased
    minutes = f"{p.stressor_minutes} minute{'s' * (p.stressor_minutes != 1)}"
    if p.repeats == 1:
        parts = [f"The threat lasts {minutes}."]
    else:
        parts = [f"There are {p.repeats} stressful moments of {minutes}, {p.gap_minutes} minutes apart."]
    if adr_gone is not None and (p.repeats == 1 or adr_gone < p.gap_minutes):
        parts.append(f"Adrenaline settles within about {max(adr_gone, 1)} minutes of each easing.")
    elif p.threat_after > 0:
        parts.append("Adrenaline stays up a little while some threat is left.")
    if p.repeats == 1:
        cort_peak = peak_minute(r.cortisol)
        parts.append(f"Cortisol is highest {cort_peak - p.onset_minute} minutes after the threat began.")
    else:
        parts.append("Cortisol is highest after the last moment: it clears slowly, so within a few hours "
                     "it adds up. Over a night it clears, so it does not pile up from day to day.")
    cort_half = minutes_until_below(r.cortisol, 0.5, last_eased)
    if cort_half is None:
        parts.append(f"It is still above half its peak at the end of the chart, {p.total_minutes - last_eased} "
                     "minutes after the threat eased.")
    else:
        parts.append(f"It stays above half its peak for {cort_half} minutes after the threat eased, "
                     "so the body is still on alert long after the relief.")
    if r.relief > 0:
        size = "strong" if r.relief >= 0.6 else ("moderate" if r.relief >= 0.3 else "small")
        parts.append(f"The relief signal when the threat eases is {size} ({r.relief:.2f} of 1): "
                     "the worse the threat that was feared, the bigger the relief.")
    else:
        parts.append("There is no relief signal: what came was no better than what was feared.")
    return " ".join(parts)


# --------------------------------------------------------------------------- a relationship, in days


@dataclass(frozen=True)
class RelationshipParams:
    """A relationship day by day, then leaving (no contact). Ranges in ``RELATIONSHIP_RANGES``.

    ``pattern``: "consistent" (kindness on 95% of days), "intermittent" (kindness with ``kindness_rate``),
    "control" (constant control, kindness on 5% of days), or "custom" (``custom_cycle`` repeated, one
    letter per day: K kind, H harm, N neutral). ``contact_days``: days *after leaving* on which one kind
    contact happens (e.g. a warm message).
    """

    pattern: Literal["consistent", "intermittent", "control", "custom"] = "intermittent"
    kindness_rate: float = 0.3
    harshness: float = 0.6
    days: int = 365
    leave_day: int = 180
    contact_days: tuple[int, ...] = ()
    learning_rate: float = 0.1
    hazard: float = 0.01
    seed: int = 0
    custom_cycle: str = "HHHK"

    def __post_init__(self) -> None:
        if self.pattern not in PATTERNS:
            raise ValueError(f"pattern must be one of {', '.join(PATTERNS)} (got {self.pattern!r})")
        for name, (lo, hi) in RELATIONSHIP_RANGES.items():
            _check_range(name, getattr(self, name), lo, hi)
        if self.leave_day > self.days - 10:
            raise ValueError(f"leave_day must be between 20 and {self.days - 10} (days - 10) (got {self.leave_day})")
        if not isinstance(self.contact_days, tuple):
            object.__setattr__(self, "contact_days", tuple(self.contact_days))
        last = self.days - self.leave_day
        for d in self.contact_days:
            _check_range("contact_days", d, 1, last) if isinstance(d, int) and not isinstance(d, bool) else \
                _check_range("contact_days", float("nan"), 1, last)
        if not (1 <= len(self.custom_cycle) <= 60 and set(self.custom_cycle) <= set(DAY_KINDS)):
            raise ValueError(f"custom_cycle must be 1 to 60 letters from K (kind), H (harm), N (neutral) "
                             f"(got {self.custom_cycle!r})")

    @property
    def effective_kindness_rate(self) -> float:
        if self.pattern == "custom":
            return self.custom_cycle.count("K") / len(self.custom_cycle)
        return PATTERN_RATES.get(self.pattern, self.kindness_rate)


@dataclass(frozen=True)
class RelationshipResult:
    """One value per day, ``days`` long, all finite.

    - ``day_kind``: "kind", "harm", "neutral" (during the relationship), "apart" (no contact) or
      "contact" (a kind contact after leaving).
    - ``harm``: 0..1, how harsh that day was.
    - ``expectation``: 0..1, learned expectation of kindness (Rescorla-Wagner V, after the day).
    - ``surprise``: 0..1, the "better than expected" surprise at a kind act (1 - V before it); 0 on other days.
    - ``relief``: 0..1, relief on a kind day after bracing for harm: harshness x expected chance of harm.
    - ``kindness_estimate``: 0..1, the believed kindness rate if nothing has changed (Beta belief mean).
    - ``hope``: 0..1, belief that the relationship has not changed, i.e. that kindness will come back.
    """

    params: RelationshipParams
    day_kind: list[str]
    harm: list[float]
    expectation: list[float]
    surprise: list[float]
    relief: list[float]
    kindness_estimate: list[float]
    hope: list[float]

    @property
    def days(self) -> list[int]:
        return list(range(1, len(self.hope) + 1))


# In the learner's mind, "it has changed" means kindness has stopped for good. So a kind act rules the
# change out and hope is restored at once: the sketch's version of "one kind contact resets hope".
KINDNESS_IF_CHANGED = 0.0


def day_pattern(p: RelationshipParams) -> list[str]:
    """What each day brings, seeded: the same parameters always give the same days."""
    rng = random.Random(p.seed)
    contact = {p.leave_day + d for d in p.contact_days}
    out = []
    rate = p.effective_kindness_rate
    for day in range(1, p.days + 1):
        if day > p.leave_day:
            out.append("contact" if day in contact else "apart")
        elif p.pattern == "custom":
            out.append(DAY_KINDS[p.custom_cycle[(day - 1) % len(p.custom_cycle)]])
        else:
            out.append("kind" if rng.random() < rate else "harm")
    return out


def simulate_relationship(p: RelationshipParams | None = None) -> RelationshipResult:
    """Run the relationship, then no contact from ``leave_day``. See ``RelationshipResult`` for ranges."""
    p = p or RelationshipParams()
    kinds = day_pattern(p)
    alpha, hazard = p.learning_rate, p.hazard
    v = 0.5            # expectation of kindness: undecided at first
    a, b = 1.0, 1.0    # Beta belief about the kindness rate, flat at first
    hope = 1.0 - hazard
    harm, expectation, surprise, relief, estimate, hopes = [], [], [], [], [], []
    for kind in kinds:
        kind_act = kind in ("kind", "contact")
        hurt = p.harshness if kind == "harm" else 0.0
        r = 1.0 if kind_act else 0.0
        surprise.append(1.0 - v if kind_act else 0.0)
        # Relief: bracing for harm (expected chance of harm x how harsh it is) and getting kindness instead.
        relief.append(relief_signal(p.harshness * (1.0 - v), 0.0) if kind == "kind" else 0.0)
        # Change-point belief. First, the relationship might have changed overnight (hazard)...
        prior = hope * (1.0 - hazard)
        # ...then weigh today's evidence: how likely is today under "same as before" (kindness at rate
        # p_hat) versus "it has changed" (kindness gone)? After rare kindness, a day without it is ordinary,
        # so it barely moves the belief: this is what makes hope slow to fade (the PREE).
        p_hat = a / (a + b)
        same = p_hat if kind_act else 1.0 - p_hat
        changed = KINDNESS_IF_CHANGED if kind_act else 1.0 - KINDNESS_IF_CHANGED
        hope = prior * same / (prior * same + (1.0 - prior) * changed)
        # Then learn. Rescorla-Wagner expectation: delta = r - V. It fades at the same speed after leaving
        # whatever the pattern was, which is why it cannot explain the PREE on its own.
        v += alpha * (r - v)
        if kind_act:
            a += 1.0
        else:
            b += 1.0
        harm.append(hurt)
        expectation.append(v)
        estimate.append(a / (a + b))
        hopes.append(hope)
    return RelationshipResult(p, kinds, harm, expectation, surprise, relief, estimate, hopes)


def hope_after_leaving(r: RelationshipResult) -> list[float]:
    """Hope on each day of no contact (index 0 = the first day apart)."""
    return r.hope[r.params.leave_day:]


def days_hope_above_half(r: RelationshipResult, start_day: int | None = None) -> int:
    """Days apart, counted from ``start_day`` (default: leaving), before hope first ends a day below half.

    If hope never falls below half in the days shown, returns the number of days shown.
    """
    start = r.params.leave_day if start_day is None else start_day
    for i, h in enumerate(r.hope[start:]):
        if h < 0.5:
            return i
    return len(r.hope) - start


def mean_surprise_at_kindness(r: RelationshipResult, skip: int = 30) -> float:
    """Average surprise at kind acts during the relationship, after the first ``skip`` days of learning."""
    vals = [s for k, s in zip(r.day_kind[skip:r.params.leave_day], r.surprise[skip:r.params.leave_day])
            if k == "kind"]
    return sum(vals) / len(vals) if vals else 0.0


def mean_expectation(r: RelationshipResult, skip: int = 30) -> float:
    vals = r.expectation[skip:r.params.leave_day]
    return sum(vals) / len(vals)


def comparison_params(p: RelationshipParams) -> RelationshipParams:
    """The same story with consistent care, for the summary's comparison."""
    return replace(p, pattern="consistent", contact_days=())


def _days(n: int) -> str:
    return f"{n} day{'s' * (n != 1)}"


def relationship_summary(r: RelationshipResult, consistent: RelationshipResult | None = None) -> str:
    """Plain-language account of a relationship chart; also the chart's text equivalent."""
    p = r.params
    rate = p.effective_kindness_rate
    kind_days = sum(k == "kind" for k in r.day_kind[:p.leave_day])
    parts = [(f"Kindness came on {kind_days} of {p.leave_day} days together "
              f"(about {round(rate * 100)}% of days).")]
    if kind_days and p.leave_day > 30:
        parts.append(f"The expectation of kindness settled near {mean_expectation(r):.0%}, and each kind act "
                     f"brought a surprise of about {mean_surprise_at_kindness(r):.0%}: "
                     + ("rare kindness feels big." if rate < 0.5 else "steady kindness is expected."))
    reliefs = [x for k, x in zip(r.day_kind[:p.leave_day], r.relief) if k == "kind"]
    size = sum(reliefs) / len(reliefs) if reliefs else 0.0
    if size >= 0.1:  # only where there was real fear to be relieved: steady care is not "relief"
        parts.append(f"After bad days this harsh, each kind day also brought relief (about {size:.2f} of 1). "
                     "The relief gets tied to the same person who caused the fear.")
    above = days_hope_above_half(r)
    shown = p.days - p.leave_day
    first_contact = min(p.contact_days) if p.contact_days else None
    at_leaving = r.hope[p.leave_day - 1]
    if above == 0 and at_leaving < 0.5:
        dry = next((i for i, k in enumerate(reversed(r.day_kind[:p.leave_day])) if k == "kind"), p.leave_day)
        parts.append(f"When the person left, kindness had not come for {_days(dry)}, so hope was already "
                     "below half.")
    elif above >= shown:
        parts.append(f"Hope stays above half for all {_days(shown)} shown after leaving.")
    elif first_contact is not None and above >= first_contact:
        parts.append(f"Hope stays above half for {_days(above)} after leaving, held up by contact.")
    else:
        parts.append(f"Hope stays above half for {_days(above)} after leaving.")
    if consistent is not None and p.pattern != "consistent":
        parts[-1] = parts[-1][:-1] + f"; with consistent kindness it would be {_days(days_hope_above_half(consistent))}."
    if first_contact is not None:
        day = p.leave_day + first_contact
        before, after = r.hope[day - 2], r.hope[day - 1]
        again = days_hope_above_half(r, day)
        parts.append(f"One kind contact {_days(first_contact)} after leaving lifts hope from "
                     f"{before:.0%} to {after:.0%}. " + (
                         f"It takes {_days(again)} more to fall below half again." if again < p.days - day else
                         "It stays above half to the end of the chart.")
                     + " Urges coming back after contact are expected: it is learning, not weakness.")
    return " ".join(parts)


# --------------------------------------------------------------------------- presets from content/


def episode_params(params: dict[str, Any]) -> EpisodeParams:
    unknown = set(params) - {f.name for f in fields(EpisodeParams)}
    if unknown:
        raise ValueError(f"unknown episode parameter(s): {', '.join(sorted(unknown))} "
                         f"(known: {', '.join(f.name for f in fields(EpisodeParams))})")
    return EpisodeParams(**params)


def relationship_params(params: dict[str, Any]) -> RelationshipParams:
    unknown = set(params) - {f.name for f in fields(RelationshipParams)}
    if unknown:
        raise ValueError(f"unknown relationship parameter(s): {', '.join(sorted(unknown))} "
                         f"(known: {', '.join(f.name for f in fields(RelationshipParams))})")
    params = dict(params)
    if "contact_days" in params:
        if not isinstance(params["contact_days"], (list, tuple)):
            raise ValueError(f"contact_days must be a list of days after leaving (got {params['contact_days']!r})")
        params["contact_days"] = tuple(params["contact_days"])
    return RelationshipParams(**params)


def check_preset_params(view: str, params: dict[str, Any]) -> None:
    """Raise ValueError naming the parameter and its range if a preset's parameters are not valid.

    Called by ``widgets.content`` when content is loaded, so ranges live only here.
    """
    if view == "episode":
        episode_params(params)
    elif view == "relationship":
        relationship_params(params)
    else:
        raise ValueError(f"view must be episode or relationship (got {view!r})")
