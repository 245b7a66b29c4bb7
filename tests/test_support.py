"""Crisis resources: every line the course brief (section 7) lists is there for its region, says who it is for,
can be tapped, records where it was checked; one region is shown everywhere; the safety content is required.

Standards: the course brief section 7 (the services and who they serve); WCAG 2.2 (2.5.8 target size, in the
browser tests); RFC 3966 (tel:) and RFC 5724 (sms:) for the links.
"""

from __future__ import annotations

import datetime
import json
import os
import re
import subprocess
import sys

import pytest
from conftest import ROOT, edit_yaml, problems_of

from widgets import content, layout, support

# Brief section 7, by region: what a person in danger would dial or send. Changing content/resources.yml
# without updating this table (after checking the number on the service's own page) fails on purpose.
BRIEF = {
    "us": ["911", "1-800-799-7233", "START to 88788", "1-800-787-3224", "1-866-331-9474", "LOVEIS to 22522",
           "988", "1-800-656-4673"],
    "uk": ["999", "press 55", "0808 2000 247", "0808 801 0327", "0800 999 5428", "0800 027 1234",
           "0808 80 10 800", "07860 077333", "0808 802 1414", "0808 802 4040", "116 123"],
    "canada": ["911", "sheltersafe.ca", "9-8-8"],
    "australia": ["000", "1800 737 732", "0458 737 732"],
    "new-zealand": ["111", "0800 733 843", "0508 744 633", "0800 456 450"],
    "elsewhere": ["112", "findahelpline.com"],
}
EMERGENCY = {"us": "911", "uk": "999", "canada": "911", "australia": "000", "new-zealand": "111", "elsewhere": "112"}

# Who must find a line of their own (brief section 5, "Who is harmed", and section 7): service id -> who.
SERVES = {
    "uk-ndah": "women", "uk-mens-advice-line": "men", "uk-galop": "LGBT+", "uk-respect": "own behaviour",
    "uk-scotland": "any gender", "uk-wales": "anyone", "uk-northern-ireland": "anyone",
    "nz-womens-refuge": "women", "nz-shine": "anyone", "nz-are-you-ok": "anyone",
}
AREA = {"uk-ndah": "England", "uk-scotland": "Scotland", "uk-wales": "Wales", "uk-northern-ireland": "Northern Ireland"}


def services() -> dict[str, content.Service]:
    return {s.id: s for r in content.get().resources.regions for s in r.services}


@pytest.mark.parametrize("region_id", sorted(BRIEF))
def test_every_brief_line_is_shown_for_its_region(region_id):
    html = support.resources_html(region_id)
    for number in BRIEF[region_id]:
        assert number in html, f"{region_id}: {number} missing"


def test_regions_cover_the_brief():
    assert [r.id for r in content.get().resources.regions] == list(BRIEF)


@pytest.mark.parametrize("region_id", sorted(BRIEF))
def test_a_region_shows_its_own_emergency_number_and_no_other(region_id):
    """The US and Canada share 911; every other region's number must not appear."""
    mine = EMERGENCY[region_id]
    others = {n for r, n in EMERGENCY.items() if n != mine}
    for html in (support.resources_html(region_id), layout.help_line_html(region_id)):
        text = " ".join(re.sub(r"<[^>]+>", "", html).split())
        assert f"emergency {mine}" in text or f"call {mine}" in text
        for number in others:
            assert not re.search(rf"(?<![\d-]){number}(?![\d-])", text), f"{region_id} shows {number}"


def test_each_line_says_who_it_serves_and_where():
    found = services()
    for sid, who in SERVES.items():
        assert who in support.who(found[sid]), f"{sid} does not say it is for {who}"
    for sid, area in AREA.items():
        assert support.who(found[sid]).endswith(f"in {area}")
    uk = support.resources_html("uk")
    assert "For men." in uk and "For LGBT+ people." in uk and "For women in England." in uk
    assert "For people worried about their own behaviour towards a partner." in uk


def test_canada_leads_with_a_domestic_violence_service_and_988_comes_after():
    canada = content.get().region("canada").services
    assert canada[0].id == "ca-sheltersafe"
    assert [s.id for s in canada].index("ca-988") > 0
    assert "ShelterSafe" in layout.help_line_html("canada") and "9-8-8" not in layout.help_line_html("canada")


def test_every_service_records_its_own_page_and_when_it_was_checked():
    for sid, s in services().items():
        assert s.source.startswith("https://"), sid
        # the brief's date (2026-11-22) or later, never a date still to come
        assert datetime.date(2026, 11, 22) <= s.checked <= datetime.date.today(), f"{sid}: checked {s.checked}"


def test_learners_never_see_internal_notes():
    shown = support.page_help_html() + "".join(support.resources_html(r) for r in BRIEF)
    dates = {str(s.checked) for s in services().values()}
    for note in ("course brief", "Checked against", "check it live", *dates):
        assert note.lower() not in shown.lower()
    for s in services().values():  # where a line was checked is for maintainers; the page links the service
        assert f'"{s.source}"' not in shown or any(c.value == s.source for c in s.contacts)


def test_numbers_are_tel_and_sms_links_with_their_digits():
    """RFC 3966 tel: and RFC 5724 sms: (with &body for the keyword, which iOS and Android both read)."""
    for s in services().values():
        html = "".join(support.contact_html(c) for c in s.contacts)
        for c in s.contacts:
            digits = re.sub(r"\D", "", c.value)
            if c.kind in ("call", "tty"):
                assert f'class="course-tel" href="tel:{digits}">{c.value}</a>' in html
            elif c.kind == "text":
                body = f"?&amp;body={c.keyword}" if c.keyword else ""
                assert f'href="sms:{digits}{body}"' in html
            else:
                assert f'href="{c.value}" target="_blank" rel="noreferrer noopener"' in html
    uk = support.resources_html("uk")
    assert 'href="tel:999"' not in uk  # the emergency number is large text, never a one-tap call by mistake
    assert "In an emergency (United Kingdom), call" in uk


def test_a_number_with_letters_or_a_page_without_https_is_refused(content_copy):
    folder = content_copy
    edit_yaml(folder / "resources.yml",
              lambda d: d["regions"][0]["services"][0]["contacts"].__setitem__(0, {"kind": "call", "value": "1-800-SAFE"}))
    [p] = problems_of(folder)
    assert (p.file, p.item, p.field) == ("content/resources.yml", "us-ndvh", "contacts[0].value")
    assert "digits" in p.message


# --------------------------------------------------------------------------- one region everywhere


def test_the_page_knows_every_region_its_exit_site_and_the_server_default(monkeypatch):
    data = support.page_help()
    assert data["defaultRegion"] == content.get().info.default_region
    for region in content.get().resources.regions:
        entry = data["regions"][region.id]
        assert entry["exitUrl"] == region.quick_exit_url and entry["exitUrl"].startswith("https://")
        assert region.emergency in entry["line"] and entry["list"] == support.resources_html(region.id)
    assert data["regions"]["uk"]["exitUrl"] == "https://www.bbc.co.uk/weather"
    monkeypatch.setenv("COURSE_REGION", "UK")
    assert support.page_help()["defaultRegion"] == "uk"
    assert 'data-region="uk"' in support.resources_html()  # the kernel's default follows the server too


def test_page_help_block_is_written_for_the_template(tmp_path):
    path = support.write_page_help(path=tmp_path / "help.html")
    text = path.read_text()
    assert text.startswith("{% raw %}") and text.rstrip().endswith("{% endraw %}")
    data = json.loads(re.search(r'<script type="application/json" id="course-help-data">(.*?)</script>', text).group(1))
    assert set(data["regions"]) == set(BRIEF)
    assert "</" not in re.search(r'id="course-help-data">(.*?)</script>', text).group(1)  # cannot end the script early
    template = (support.TEMPLATE_DIR / "index.html.j2").read_text()
    assert f"'{support.PAGE_HELP.name}'" in template and "static/help.js" in template


def test_in_voila_the_list_is_plain_html_the_page_keeps_in_step(monkeypatch):
    monkeypatch.setenv("VOILA_KERNEL_ID", "test")
    html = support.resources().data
    assert 'class="course-region-chooser"' in html and 'data-region="us"' in html and 'id="help-list"' in html
    assert "<script" not in html
    assert layout._help_line() == ""  # the template draws the page's help line, no kernel needed


def test_in_jupyterlab_the_learner_can_switch_region_and_nothing_is_remembered(monkeypatch):
    monkeypatch.delenv("VOILA_KERNEL_ID", raising=False)
    widget = support.resources()
    assert widget.chooser.value == content.get().info.default_region
    widget.chooser.value = "australia"
    assert "1800 737 732" in widget.listing.value and "1-800-799-7233" not in widget.listing.value
    assert support.resources().chooser.value == content.get().info.default_region
    assert "More help lines, other regions" in layout._help_line()


def test_unknown_region_falls_back_to_the_server_then_the_course_default(monkeypatch):
    monkeypatch.setenv("COURSE_REGION", "nowhere")
    assert support.default_region_id() == content.get().info.default_region
    assert content.get().region("atlantis").id == content.get().info.default_region


def test_help_line_names_the_service_who_it_serves_and_a_tappable_number():
    line = layout.help_line_html("uk")
    assert "Need help now?" in line and "emergency" in line and "999" in line
    assert "National Domestic Abuse Helpline" in line and "(for women in England)" in line
    assert 'href="tel:08082000247"' in line


def test_glossary_lists_every_term():
    html = support.glossary().value
    for term in content.get().glossary.values():
        assert f'id="term-{term.id}"' in html


# --------------------------------------------------------------------------- required safety content


def check(folder, **env) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "widgets.content", "check", str(folder)], check=False,
                          capture_output=True, text=True, cwd=ROOT, env={**os.environ, **env})


@pytest.mark.parametrize("name", ["resources.yml", "checklist.yml"])
def test_check_fails_without_the_safety_content(content_copy, name):
    folder = content_copy
    (folder / name).unlink()
    run = check(folder)
    assert run.returncode == 1 and f"content/{name}: is missing" in run.stderr and "Traceback" not in run.stderr


@pytest.mark.parametrize("field, item", [("quick_exit_url", "uk"), ("source", "uk-galop"), ("checked", "uk-galop"),
                                         ("serves", "uk-galop")])
def test_check_names_the_missing_field(content_copy, field, item):
    folder = content_copy

    def drop(d):
        uk = next(r for r in d["regions"] if r["id"] == "uk")
        (uk if item == "uk" else next(s for s in uk["services"] if s["id"] == item)).pop(field)

    edit_yaml(folder / "resources.yml", drop)
    run = check(folder)
    assert run.returncode == 1
    assert re.search(rf"content/resources\.yml:\d+, item '{item}', field '{field}': is required but missing", run.stderr)


def test_check_fails_when_the_default_region_has_no_resources(content_copy):
    folder = content_copy
    edit_yaml(folder / "resources.yml", lambda d: d.__setitem__("regions", [r for r in d["regions"] if r["id"] != "us"]))
    run = check(folder)
    assert run.returncode == 1
    assert "content/course.yml:" in run.stderr and "field 'default_region': unknown region 'us'" in run.stderr


def test_check_fails_when_the_server_region_is_unknown(content_copy):
    run = check(content_copy, COURSE_REGION="atlantis")
    assert run.returncode == 1 and "COURSE_REGION: 'atlantis' is not a region in content/resources.yml" in run.stderr


def test_make_check_and_serve_run_the_check():
    makefile = (ROOT / "Makefile").read_text()
    for target in ("serve", "check", "test"):
        body = makefile.split(f"\n{target}:")[1].split("\n\n")[0]
        assert "widgets.content check" in body, target
    assert "widgets.content check" in (ROOT / "binder" / "postBuild").read_text()
