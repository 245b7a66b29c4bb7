"""Crisis resources: the numbers match the course brief, every region is reachable, the choice is the
learner's, and the help line on every page comes from the same content."""

from __future__ import annotations

import pytest

from widgets import content, layout, support

# Brief section 7, by region: the numbers a person in danger would dial. Changing content/resources.yml
# without updating this list (after checking the number) fails the test on purpose.
BRIEF_NUMBERS = {
    "us": ["911", "1-800-799-7233", "START to 88788", "1-800-787-3224", "1-866-331-9474", "LOVEIS to 22522",
           "988", "1-800-656-4673"],
    "uk": ["999", "55", "0808 2000 247", "0800 027 1234", "116 123"],
    "canada": ["911", "9-8-8", "sheltersafe.ca"],
    "australia": ["000", "1800 737 732"],
    "new-zealand": ["111", "0800 733 843"],
    "elsewhere": ["112", "findahelpline.com"],
}


@pytest.mark.parametrize("region_id", sorted(BRIEF_NUMBERS))
def test_every_brief_number_is_shown_for_its_region(region_id):
    html = support.resources_html(region_id)
    for number in BRIEF_NUMBERS[region_id]:
        assert number in html, f"{region_id}: {number} missing"


def test_regions_cover_the_brief():
    assert {r.id for r in content.get().resources.regions} == set(BRIEF_NUMBERS)


def test_phone_numbers_are_tappable():
    html = support.resources_html("uk")
    assert 'href="tel:08082000247"' in html and 'href="tel:999"' not in html  # emergency shown as text
    assert "In an emergency (United Kingdom), call 999." in html


def test_learner_can_switch_region_and_nothing_is_remembered():
    widget = support.resources()
    assert widget.chooser.value == content.get().info.default_region
    widget.chooser.value = "australia"
    assert "1800 737 732" in widget.listing.value and "1-800-799-7233" not in widget.listing.value
    assert support.resources().chooser.value == content.get().info.default_region


def test_region_from_the_page_address_is_applied_and_unknown_ones_ignored():
    widget = support.resources()
    widget.address.region = "new-zealand"
    assert widget.chooser.value == "new-zealand"
    widget.address.region = "atlantis"
    assert widget.chooser.value == "new-zealand"


def test_facilitator_sets_the_region_for_a_whole_server(monkeypatch):
    monkeypatch.setenv("COURSE_REGION", "UK")
    assert support.resources().chooser.value == "uk"
    monkeypatch.setenv("COURSE_REGION", "nowhere")
    assert support.default_region_id() == content.get().info.default_region


def test_help_line_on_every_page_names_emergency_number_and_hotline():
    line = layout.help_line_html()
    region = content.get().region()
    assert "Need help now?" in line and region.emergency in line and region.services[0].name in line


def test_glossary_lists_every_term():
    html = support.glossary().value
    for term in content.get().glossary.values():
        assert f'id="term-{term.id}"' in html
