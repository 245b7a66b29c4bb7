"""The words under each simulation chart: plain functions from the model's numbers to sentences.

These sentences are the chart's text equivalent (its aria-label and the summary under it), so for a
screen-reader user they *are* the chart: every claim must be true of the run shown. Each sentence is built
from a number measured on the run, never from a setting alone, and a sentence that would not be true is
left out (tests/test_summaries.py checks this over parameter sweeps and random runs).

No widgets, no display: ``widgets.explorers`` calls these and shows the result.
"""

from __future__ import annotations

from widgets import model
from widgets.model import EpisodeResult, RelationshipResult


def days(n: int) -> str:
    return f"{n} day{'s' * (n != 1)}"


def minutes(n: int) -> str:
    return f"{n} minute{'s' * (n != 1)}"


def percent(x: float) -> str:
    """A share 0..1 in words that never round a real difference away ("less than 1%", not "0%")."""
    if x <= 0:
        return "0%"
    if x >= 1:
        return "100%"
    if x < 0.005:
        return "less than 1%"
    if x >= 0.995:
        return "more than 99%"
    return f"{round(x * 100)}%"


def times(a: int, b: int) -> str:
    """``a`` compared with ``b`` in words: "about 3 times as long", "about as long", "shorter"."""
    ratio = a / b
    if ratio < 0.95:
        return "shorter"
    if ratio < 1.25:
        return "about as long"
    if ratio < 1.75:
        return "about one and a half times as long"
    return f"about {round(ratio)} times as long"


# --------------------------------------------------------------------------- one episode (module 02)


def episode_summary(r: EpisodeResult) -> str:
    """Plain-language account of an episode chart; also the chart's text equivalent."""
    p = r.params
    first_eased, last_eased = r.eased_minutes[0], r.eased_minutes[-1]
    if p.repeats == 1:
        parts = [f"The threat lasts {minutes(p.stressor_minutes)}."]
    else:
        parts = [(f"There are {p.repeats} stressful moments of {minutes(p.stressor_minutes)}, "
                  f"{minutes(p.gap_minutes)} apart.")]
    adr_gone = model.minutes_until_below(r.adrenaline, 0.1, first_eased)
    if adr_gone is not None and (p.repeats == 1 or adr_gone < p.gap_minutes):
        parts.append(f"Adrenaline falls below a tenth of its peak within about {minutes(max(adr_gone, 1))} "
                     "of the threat easing.")
    cort_peak = model.peak_minute(r.cortisol)
    after = [m for m in p.onset_minutes if m <= cort_peak][-1]
    if p.repeats == 1:
        parts.append(f"Cortisol is highest {minutes(cort_peak - p.onset_minute)} after the threat began.")
    else:
        which = p.onset_minutes.index(after) + 1
        where = "the last" if which == p.repeats else f"moment {which} of {p.repeats}"
        parts.append(f"Cortisol is highest after {where}: it clears slowly, so moments close together add up "
                     "within a few hours.")
    cort_half = model.minutes_until_below(r.cortisol, 0.5, last_eased)
    if cort_half is None:
        parts.append(f"It is still above half its peak at the end of the chart, "
                     f"{minutes(p.total_minutes - last_eased)} after the threat eased.")
    elif cort_half > 0:
        parts.append(f"It stays above half its peak for {minutes(cort_half)} after the threat eased, "
                     "so the body is still on alert long after the relief.")
    if r.relief > 0:
        size = "strong" if r.relief >= 0.6 else ("moderate" if r.relief >= 0.3 else "small")
        parts.append(f"The relief signal when the threat eases is {size} ({r.relief:.2f} of 1): "
                     "the worse the threat that was feared, the bigger the relief.")
    else:
        parts.append("There is no relief signal: what came was no better than what was feared.")
    return " ".join(parts)


def days_summary(r: EpisodeResult, expectation: list[float]) -> str:
    """The multi-day view: what is left of each day's hormones the next day, and what builds instead."""
    p = r.params
    n = len(expectation)
    day_peaks = [max(r.cortisol[d * 1440:(d + 1) * 1440]) for d in range(n)]
    top = max(day_peaks)
    # what is left just before the next day's threat begins, as a share of the highest level
    left = [r.cortisol[d * 1440 + p.onset_minutes[0]] / top for d in range(1, n)]
    parts = [f"The same threat comes once a day for {days(n)}."]
    if left:
        parts.append(f"Before the next day's threat, cortisol is back to {percent(max(left))} of its peak, "
                     "so it does not pile up: "
                     + ("each day's peak is the same height." if max(day_peaks) - min(day_peaks) < 0.01 * top
                        else f"the highest daily peak is {percent(max(day_peaks) / top)} of the first day's."))
    parts.append(f"What builds is learned expectation of a threat: from {percent(expectation[0])} after the first "
                 f"day to {percent(expectation[-1])} after day {n}.")
    return " ".join(parts)


# --------------------------------------------------------------------------- a relationship (module 03)


def kindness_sentence(r: RelationshipResult) -> str:
    p = r.params
    kind = sum(k == "kind" for k in r.day_kind[:p.leave_day])
    return f"Kindness came on {kind} of {days(p.leave_day)} together ({percent(kind / p.leave_day)} of them)."


def surprise_sentence(r: RelationshipResult, skip: int = 30) -> str | None:
    p = r.params
    kinds = r.day_kind[skip:p.leave_day]
    if "kind" not in kinds:
        return None
    share = kinds.count("kind") / len(kinds)
    surprise = model.mean_surprise_at_kindness(r, skip)
    return (f"The expectation of kindness settled near {percent(model.mean_expectation(r, skip))}, and each "
            f"kind act brought a surprise of about {percent(surprise)}: "
            + ("rare kindness feels big." if share < 0.5 else "steady kindness is expected."))


def relief_sentence(r: RelationshipResult) -> str | None:
    p = r.params
    reliefs = [x for k, x in zip(r.day_kind[:p.leave_day], r.relief) if k == "kind"]
    size = sum(reliefs) / len(reliefs) if reliefs else 0.0
    if size < 0.1:  # only where there was real fear to be relieved: steady care is not "relief"
        return None
    return (f"After bad days this harsh, each kind day also brought relief (about {size:.2f} of 1). "
            "The relief gets tied to the same person who caused the fear.")


def hope_sentence(r: RelationshipResult, consistent: RelationshipResult | None = None,
                  without_contact: RelationshipResult | None = None) -> str:
    """How long hope lasted after the last kind act before leaving, compared with consistent kindness."""
    p = r.params
    span = model.hope_span(r)
    if span.start == 0:
        lead = "No kind act came before leaving."
    elif span.start == p.leave_day:
        lead = f"The last kind day was the day of leaving (day {span.start})."
    else:
        lead = f"The last kind day was day {span.start}, {days(p.leave_day - span.start)} before leaving."
    if not span.ended:
        text = f"{lead} Hope was still above half at the end of the chart, {days(span.days)} later."
    else:
        assert span.end is not None  # an ended span has an end day
        when = "before leaving" if span.end <= p.leave_day else f"{days(span.end - p.leave_day)} after leaving"
        text = (f"{lead} Hope stayed above half for {days(span.days)} after it, and fell below half on day "
                f"{span.end}, {when}.")
    if without_contact is not None and p.contact_days:
        base = model.hope_span(without_contact)
        if span.days > base.days:
            text += " The kind contact held hope up for longer."
    if consistent is not None and p.pattern != "consistent" and span.start:
        other = model.hope_span(consistent)
        if other.ended and other.days:
            if span.ended:
                text += (f" With consistent kindness in the same story it would last {days(other.days)}: "
                         f"this is {times(span.days, other.days)}.")
            else:
                text += f" With consistent kindness in the same story it would last {days(other.days)}."
    return text + " These days are illustrative steps: in people, the pull can last many months."


def contact_sentence(r: RelationshipResult) -> str | None:
    p = r.params
    if not p.contact_days:
        return None
    first = p.contact_days[0]
    day = p.leave_day + first
    before, after = r.hope[day - 2], r.hope[day - 1]
    if percent(before) == percent(after):
        text = f"One kind contact {days(first)} after leaving comes while hope is still at {percent(after)}."
    else:
        text = f"One kind contact {days(first)} after leaving lifts hope from {percent(before)} to {percent(after)}."
    below_again = model.first_day_below_half(r, day)
    if before < model.HALF:
        text += (f" It takes {days(below_again - day)} more to fall below half again." if below_again else
                 " It stays above half to the end of the chart.")
    return text + " Urges coming back after contact are expected: it is learning, not weakness."


def relationship_summary(r: RelationshipResult, consistent: RelationshipResult | None = None,
                         without_contact: RelationshipResult | None = None) -> str:
    """Plain-language account of a relationship chart; also the chart's text equivalent."""
    parts = [kindness_sentence(r), surprise_sentence(r), relief_sentence(r),
             hope_sentence(r, consistent, without_contact), contact_sentence(r)]
    return " ".join(s for s in parts if s)


def band_sentence(stats: model.HopeStats, consistent: model.HopeStats | None = None) -> str:
    """What many runs show: the middle and the spread of how long hope lasts."""
    text = (f"Over {stats.runs} runs with these settings, hope lasts a median of {days(round(stats.median))} "
            f"after the last kind act (most runs: {round(stats.low)} to {round(stats.high)} days).")
    if consistent is not None and consistent.median:
        text += f" With consistent kindness: {days(round(consistent.median))}."
    return text
