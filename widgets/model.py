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
predicts any person's life.
"""

from __future__ import annotations

import functools
import math
import numbers
import random
from dataclasses import dataclass, fields, replace
from typing import Any, Literal, Sequence

# --------------------------------------------------------------------------- parameter ranges
# One table, used by the dataclasses, the presets check (``make check``) and the explorer's sliders, so a
# range lives in exactly one place: a preset the sliders could not show fails the check instead of being
# clamped. Each entry: (lowest, highest).

EPISODE_RANGES: dict[str, tuple[float, float]] = {
    "threat_intensity": (0.05, 1.0),      # how harsh the moment is (1 = the worst this sketch shows)
    "stressor_minutes": (1, 60),          # how long the threat lasts
    "expected_threat": (0.0, 1.0),        # how bad the person feared it would get
    "threat_after": (0.0, 1.0),           # threat that is left once it eases (0 = it stops)
    "onset_minute": (0, 60),              # when the (first) threat begins
    "repeats": (1, 3),                    # how many stressful moments
    "gap_minutes": (10, 90),              # calm minutes between one moment and the next
    "total_minutes": (60, 480),           # how long the chart runs
    "adrenaline_half_life": (2.0, 3.0),   # minutes, plasma (product labels)
    "noradrenaline_half_life": (1.0, 2.0),
    "acth_half_life": (5.0, 8.0),         # the faster stage that drives cortisol (brief: ~5-10; above 8 the
                                          # cortisol peak of a 15-minute threat comes later than 40 minutes)
    "cortisol_half_life": (60.0, 90.0),   # De Lacerda 1973
}

RELATIONSHIP_RANGES: dict[str, tuple[float, float]] = {
    "kindness_rate": (0.05, 0.95),        # chance that a day brings kindness (intermittent pattern)
    "harshness": (0.0, 1.0),              # how harsh the bad days are
    "days": (60, 730),
    "leave_day": (20, 720),               # also at least 10 days before the end
    "learning_rate": (0.05, 0.3),         # Rescorla-Wagner alpha (brief, section 2)
    "hazard": (0.01, 0.05),               # chance, in the learner's mind, that things really change between
                                          # one expected kind act and the next (brief: 0.01-0.05)
    "seed": (0, 2**32 - 1),
}

PATTERNS = ("consistent", "intermittent", "control", "custom")
# Fixed kindness rates of the named patterns; "intermittent" uses kindness_rate, "custom" a repeating cycle.
PATTERN_RATES = {"consistent": 0.95, "control": 0.05}
DAY_KINDS = {"K": "kind", "H": "harm", "N": "neutral"}

_INTEGER = {"stressor_minutes", "onset_minute", "repeats", "gap_minutes", "total_minutes", "days", "leave_day", "seed",
            "contact_days"}


def _check_range(name: str, value: Any, lo: float, hi: float) -> int | float:
    """Return ``value`` as a plain int or float, or raise ValueError naming ``name`` and its range.

    Accepts Python and NumPy numbers; refuses bools, text, NaN and infinity.
    """
    integer = name in _INTEGER
    shown = repr(value.item() if hasattr(value, "item") and isinstance(value, numbers.Number) else value)  # type: ignore[attr-defined]
    kind = "a whole number" if integer else "a number"
    # ValueError, not TypeError, for every bad input: one kind of error that names the parameter and range
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be {kind} between {lo} and {hi} (got {shown})")  # noqa: TRY004
    if integer:
        if not isinstance(value, numbers.Integral) and (not math.isfinite(value) or not float(value).is_integer()):
            raise ValueError(f"{name} must be {kind} between {lo} and {hi} (got {shown})")
        plain: int | float = int(value)  # type: ignore[call-overload]
    else:
        plain = float(value)
        if not math.isfinite(plain):
            raise ValueError(f"{name} must be between {lo} and {hi} (got {shown})")
    if not (lo <= plain <= hi):
        raise ValueError(f"{name} must be between {lo} and {hi} (got {shown})")
    return plain


def _check_fields(obj: Any, ranges: dict[str, tuple[float, float]]) -> None:
    for name, (lo, hi) in ranges.items():
        object.__setattr__(obj, name, _check_range(name, getattr(obj, name), lo, hi))


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
        _check_fields(self, EPISODE_RANGES)
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
        _check_fields(self, RELATIONSHIP_RANGES)
        if self.leave_day > self.days - 10:
            raise ValueError(f"leave_day must be between 20 and {self.days - 10} (days - 10) (got {self.leave_day})")
        last = self.days - self.leave_day
        contact = self.contact_days
        if isinstance(contact, (str, bytes, bool)) or not isinstance(contact, (list, tuple, numbers.Integral)):
            raise ValueError(f"contact_days must be a list of days after leaving, each between 1 and {last} "  # noqa: TRY004
                             f"(got {contact!r})")
        if isinstance(contact, numbers.Integral):  # one day, given as a number
            contact = (contact,)
        checked = tuple(sorted({_check_range("contact_days", d, 1, last) for d in contact}))
        object.__setattr__(self, "contact_days", checked)
        if not (isinstance(self.custom_cycle, str) and 1 <= len(self.custom_cycle) <= 60
                and set(self.custom_cycle) <= set(DAY_KINDS)):
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
    """Run the relationship, then no contact from ``leave_day``. See ``RelationshipResult`` for ranges.

    Hope is the belief of a change-point learner that weighs each day without kindness against the usual
    time between kind acts (Gallistel 2012: extinction tracks the number of expected rewards that failed to
    come, not the number of days). With an estimated rate of ``k`` kind acts a day, a day without kindness
    has chance ``exp(-k)`` if nothing has changed, and chance 1 if kindness has stopped for good. The
    learner also allows, before each day, a small chance that the relationship really changed: ``hazard``
    per kind act it expected that day, ``hazard * (1 - exp(-k))``. Counting changes per expected kind act
    rather than per day keeps the sketch's time scale free, so the days hope lasts after the last kind act
    grow about as ``1 / k``: about 3 times as long at a third of days and 5 times at a fifth as with
    consistent kindness, as in the animal data (Chan & Harris 2019). ``benchmarks/pree.py`` measures it.
    """
    p = p or RelationshipParams()
    kinds = day_pattern(p)
    alpha, hazard = p.learning_rate, p.hazard
    v = 0.5            # expectation of kindness: undecided at first
    a, b = 1.0, 1.0    # belief about the kindness rate (kind days, other days), flat at first
    hope = 1.0
    harm, expectation, surprise, relief, estimate, hopes = [], [], [], [], [], []
    for kind in kinds:
        kind_act = kind in ("kind", "contact")
        hurt = p.harshness if kind == "harm" else 0.0
        r = 1.0 if kind_act else 0.0
        surprise.append(1.0 - v if kind_act else 0.0)
        # Relief: bracing for harm (expected chance of harm x how harsh it is) and getting kindness instead.
        relief.append(relief_signal(p.harshness * (1.0 - v), 0.0) if kind == "kind" else 0.0)
        # Change-point belief. First, the relationship might have changed since yesterday...
        rate = a / (a + b)
        quiet = math.exp(-rate)       # chance of a day without kindness if nothing has changed
        prior = hope * (1.0 - hazard * (1.0 - quiet))
        # ...then weigh today's evidence. After rare kindness a day without it is ordinary, so it barely
        # moves the belief: this is what makes hope slow to fade (the PREE).
        same = 1.0 - quiet if kind_act else quiet
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


# --------------------------------------------------------------------------- the measure the course uses
# "How long hope lasts" = days from the last kind act until hope first ends a day below half. Counting from
# the last kind act, not from leaving, measures the same thing as the animal studies (trials without reward
# until responding starts to fade) and does not depend on how long a dry spell came just before leaving.

HALF = 0.5


@dataclass(frozen=True)
class HopeSpan:
    """``start``: the day of the last kind act (1-based; 0 if there was none). ``end``: the first day hope
    ended below half (None if it never did in the days shown). ``days``: ``end - start``, or the days shown
    after ``start`` if hope never fell below half (then ``ended`` is False and ``days`` is a lower bound)."""

    start: int
    end: int | None
    days: int

    @property
    def ended(self) -> bool:
        return self.end is not None


def last_kind_day(r: RelationshipResult, up_to: int | None = None) -> int:
    """The last day (1-based) up to ``up_to`` (default: leaving) with a kind act or contact; 0 if none."""
    stop = r.params.leave_day if up_to is None else up_to
    return next((d for d in range(stop, 0, -1) if r.day_kind[d - 1] in ("kind", "contact")), 0)


def first_day_below_half(r: RelationshipResult, after: int) -> int | None:
    """The first day (1-based) after day ``after`` on which hope ended below half; None if none shown."""
    return next((d for d in range(after + 1, len(r.hope) + 1) if r.hope[d - 1] < HALF), None)


def hope_span(r: RelationshipResult, start: int | None = None) -> HopeSpan:
    """How long hope lasts from ``start`` (default: the last kind act before leaving)."""
    start = last_kind_day(r) if start is None else start
    end = first_day_below_half(r, start)
    return HopeSpan(start, end, (end if end is not None else len(r.hope)) - start)


def days_of_hope(r: RelationshipResult) -> int:
    """The course's measure: days from the last kind act before leaving until hope falls below half."""
    return hope_span(r).days


def mean_surprise_at_kindness(r: RelationshipResult, skip: int = 30) -> float:
    """Average surprise at kind acts during the relationship, after the first ``skip`` days of learning."""
    vals = [s for k, s in zip(r.day_kind[skip:r.params.leave_day], r.surprise[skip:r.params.leave_day])
            if k == "kind"]
    return sum(vals) / len(vals) if vals else 0.0


def mean_expectation(r: RelationshipResult, skip: int = 30) -> float:
    vals = r.expectation[skip:r.params.leave_day]
    return sum(vals) / len(vals)


def comparison_params(p: RelationshipParams) -> RelationshipParams:
    """The same story with consistent care, for the comparison line and the summary."""
    return replace(p, pattern="consistent", contact_days=(), kindness_rate=PATTERN_RATES["consistent"])


# --------------------------------------------------------------------------- many runs at once


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q`` quantile (0..1) of ``values``, linear between neighbours (NumPy's default method)."""
    s = sorted(values)
    pos = q * (len(s) - 1)
    lo = math.floor(pos)
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (pos - lo)


def many_runs(p: RelationshipParams, runs: int = 100) -> tuple[RelationshipResult, ...]:
    """``runs`` runs of the same story with seeds 0..runs-1 (``p.seed`` is ignored)."""
    return tuple(simulate_relationship(replace(p, seed=s)) for s in range(runs))


@dataclass(frozen=True)
class RunSet:
    """What the band and the "most runs" sentence need from many runs, kept small enough to cache."""

    hope: tuple[tuple[float, ...], ...]
    days_of_hope: tuple[int, ...]
    kind_days: tuple[int, ...]


@functools.lru_cache(maxsize=8)
def _run_set(p: RelationshipParams, runs: int) -> RunSet:
    results = many_runs(p, runs)
    return RunSet(tuple(tuple(r.hope) for r in results), tuple(days_of_hope(r) for r in results),
                  tuple(r.day_kind[:p.leave_day].count("kind") for r in results))


def run_set(p: RelationshipParams, runs: int = 100) -> RunSet:
    # Hope does not depend on harshness or the expectation's learning rate, so runs that differ only in
    # those share one cache entry (moving the harshness slider costs no new runs).
    return _run_set(replace(p, seed=0, harshness=0.0, learning_rate=0.1), runs)


def hope_band(p: RelationshipParams, runs: int = 100, low: float = 0.1, high: float = 0.9
              ) -> tuple[list[float], list[float], list[float]]:
    """Per day: the ``low`` quantile, the median and the ``high`` quantile of hope over ``runs`` runs."""
    cols = list(zip(*run_set(p, runs).hope))
    return ([percentile(c, low) for c in cols], [percentile(c, 0.5) for c in cols],
            [percentile(c, high) for c in cols])


@dataclass(frozen=True)
class HopeStats:
    rate: float
    median: float
    low: float       # 10th percentile
    high: float      # 90th percentile
    runs: int


def hope_stats(p: RelationshipParams, runs: int = 500) -> HopeStats:
    """Median and 10th-90th percentile of ``days_of_hope`` over ``runs`` runs of ``p``."""
    values = run_set(p, runs).days_of_hope
    return HopeStats(p.effective_kindness_rate, percentile(values, 0.5), percentile(values, 0.1),
                     percentile(values, 0.9), runs)


def typical_seed(p: RelationshipParams, runs: int = 100) -> int:
    """A seed whose run is typical: hope lasts the median time and kind days are near their median count."""
    rs = run_set(p, runs)
    hope, kind = rs.days_of_hope, rs.kind_days
    mh, mk = percentile(hope, 0.5), percentile(kind, 0.5)
    sh = (percentile(hope, 0.9) - percentile(hope, 0.1)) or 1.0
    sk = (percentile(kind, 0.9) - percentile(kind, 0.1)) or 1.0
    return min(range(runs), key=lambda s: (abs(hope[s] - mh) / sh + abs(kind[s] - mk) / sk, s))


# --------------------------------------------------------------------------- many days, in module 02


def threat_expectation(days: int, learning_rate: float = 0.3) -> list[float]:
    """Learned expectation of a threat at the end of each day when one comes every day (Rescorla-Wagner).

    Unlike the hormones, which clear overnight, this builds from day to day: 1 - (1 - alpha)^day.
    """
    days = int(_check_range("days", days, 1, 366))
    alpha = _check_range("learning_rate", learning_rate, *RELATIONSHIP_RANGES["learning_rate"])
    out, v = [], 0.0
    for _ in range(days):
        v += alpha * (1.0 - v)
        out.append(v)
    return out


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
