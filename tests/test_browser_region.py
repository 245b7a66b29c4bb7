"""One region for the whole visit, in a real browser: the header line, the checklist's safety panel and the
resources list show the visit's region and no other; the chooser changes them all and the choice travels
to the next page in the address; numbers can be tapped on a phone; and when the kernel dies, the page says
so calmly and help stays.

Standards: the course brief section 7 (services by region); WCAG 2.2 2.5.8 (targets at least 24px; 44px
on phones after Apple's and Android's touch guidance); GOV.UK "Exit this page" (the exit goes to a neutral
local site); jupyter_server's kernel restarter (a killed kernel is restarted empty, its state lost).
"""

from __future__ import annotations

import os
import re
import signal

import pytest
from conftest import start_voila

from widgets import content, support

pytestmark = pytest.mark.browser

EMERGENCY = {r.id: r.emergency.split()[0] for r in content.get().resources.regions}  # "112 in the EU" -> 112
PHONE = {"width": 375, "height": 740}


@pytest.fixture(scope="module", autouse=True)
def page_help_block():
    """The page's help block, as `make test` writes it (the server reads it at every page view)."""
    support.write_page_help()


def text_of(page, selector: str) -> str:
    return " ".join(page.locator(selector).first.inner_text().split())


def assert_only_region(text: str, region_id: str, where: str) -> None:
    mine = EMERGENCY[region_id]
    assert re.search(rf"(emergency|call) {mine}\b", text), f"{where}: {region_id}'s {mine} missing in: {text}"
    for other in set(EMERGENCY.values()) - {mine}:
        assert not re.search(rf"(?<![\d-]){other}(?![\d-])", text), f"{where} for {region_id} shows {other}"


def danger_item() -> str:
    return content.get().checklist.your_safety.items[0].text


@pytest.mark.parametrize("region_id", list(EMERGENCY))
def test_header_safety_panel_and_list_show_the_region_and_no_other(course_page, region_id):
    page = course_page("04-signs-and-reflection.ipynb", query=f"?region={region_id}")
    assert page.evaluate("document.documentElement.dataset.courseRegion") == region_id
    assert_only_region(text_of(page, "#course-help-line"), region_id, "header line")

    # The checklist's safety panel is drawn by the kernel (default region); the page shows the visit's region.
    page.locator(".course-checklist fieldset.course-choice", has_text=danger_item()).locator(
        "label", has_text="Yes").click()
    panel = page.locator(".course-checklist .course-safety .course-resources")
    panel.first.wait_for(timeout=60_000)
    page.wait_for_function(f"""() => [...document.querySelectorAll('.course-safety .course-resources')]
                               .every(b => b.dataset.region === {region_id!r})""", timeout=60_000)
    assert_only_region(text_of(page, ".course-safety .course-resources"), region_id, "safety panel")
    sizes = page.evaluate("""() => [...document.querySelectorAll('.course-safety .course-resources')]
        .map(b => parseFloat(getComputedStyle(b).fontSize))""")
    body = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.jp-RenderedHTMLCommon p')).fontSize)")
    assert min(sizes) >= body, f"the safety panel's help is {sizes}px, body text {body}px"

    page.locator("#course-help-all > summary").click()
    assert page.locator("#course-help-all .course-resources").is_visible()
    assert_only_region(text_of(page, "#course-help-all .course-resources"), region_id, "resources list")
    assert page.locator("#course-help-all select.course-region-chooser").input_value() == region_id


def test_the_chooser_changes_every_help_block_and_travels_to_the_next_page(course_page):
    page = course_page("00-start-here.ipynb", query="?region=uk")
    listing = page.locator("#help-list")
    assert listing.locator(".course-resources").get_attribute("data-region") == "uk"
    assert_only_region(text_of(page, "#course-help-line"), "uk", "header line")

    listing.locator("select.course-region-chooser").select_option(label="Australia")
    page.wait_for_function("document.querySelector('#course-help-line').innerText.includes('000')", timeout=30_000)
    assert_only_region(text_of(page, "#course-help-line"), "australia", "header line")
    assert_only_region(text_of(page, "#help-list .course-resources"), "australia", "resources list")
    assert page.locator("#course-help-all select.course-region-chooser").input_value() == "australia"
    assert "region=australia" in page.url
    assert page.evaluate("document.documentElement.dataset.courseExitUrl") == "https://www.bom.gov.au/"

    page.locator("nav.course-nav a.course-nav-next").first.click()
    page.wait_for_url("**/01-what-it-is.ipynb?region=australia*", timeout=60_000)
    page.locator("#course-help-line").wait_for(timeout=60_000)
    assert_only_region(text_of(page, "#course-help-line"), "australia", "next page's header line")


def test_the_quick_exit_goes_to_the_region_s_neutral_site(course_page):
    page = course_page("01-what-it-is.ipynb", query="?region=new-zealand")
    with page.expect_request(lambda r: "metservice.com" in r.url, timeout=20_000):
        page.get_by_role("button", name="Quick exit").click()


def test_other_regions_land_on_the_list_itself_on_a_phone(course_page):
    page = course_page("01-what-it-is.ipynb", query="?region=uk", viewport=PHONE)
    page.get_by_text("More help lines", exact=False).first.click()
    chooser = page.locator("#course-help-all select.course-region-chooser")
    assert chooser.is_visible() and chooser.bounding_box()["y"] < PHONE["height"]
    assert page.locator("#course-help-all").get_by_text("Men's Advice Line").is_visible()

    # A link to Start here's list (from JupyterLab's help line or the checklist) lands on the list, not the top.
    page = course_page("00-start-here.ipynb", query="?region=uk#help-list", viewport=PHONE)
    page.wait_for_function("""() => { const r = document.getElementById('help-list').getBoundingClientRect();
                                      return window.scrollY > 0 && r.top >= -2 && r.top < innerHeight / 2; }""",
                           timeout=60_000)


def test_numbers_are_big_tappable_and_never_wrap_on_a_phone(course_page):
    """At least body-text size, 44px targets on a 375px phone, one unbroken line each."""
    page = course_page("00-start-here.ipynb", query="?region=uk", viewport=PHONE)
    body = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.jp-RenderedHTMLCommon p')).fontSize)")
    links = page.evaluate("""() => [...document.querySelectorAll('#course-help-line a.course-tel, #help-list a.course-tel')]
        .map(a => { const r = a.getBoundingClientRect(), s = getComputedStyle(a);
                    return {text: a.textContent, href: a.getAttribute('href'), size: parseFloat(s.fontSize),
                            h: r.height, w: r.width, lines: a.getClientRects().length, nowrap: s.whiteSpace}; })""")
    assert len(links) >= 10
    for link in links:
        assert link["href"].startswith(("tel:", "sms:")), link
        assert link["size"] >= body, f"{link['text']} is {link['size']}px, body text is {body}px"
        assert link["h"] >= 44 and link["w"] >= 44, link
        assert link["lines"] == 1 and link["nowrap"] == "nowrap", link
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_killed_kernel_leaves_a_calm_message_and_the_help(course_page, voila_server):
    page = course_page("04-signs-and-reflection.ipynb", query="?region=uk")
    kernel_id = page.evaluate("JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId")
    [kernel] = [k for k in voila_server.kernels() if any(f"kernel-{kernel_id}" in part for part in k.cmdline())]
    os.kill(kernel.pid, signal.SIGKILL)

    notice = page.locator("#course-connection")
    notice.wait_for(state="visible", timeout=90_000)
    said = " ".join(notice.inner_text().split())
    assert "This page lost its connection. Your answers were not saved anywhere. Help is still here:" in said
    assert_only_region(said, "uk", "lost-connection notice")
    assert "National Domestic Abuse Helpline" in said
    assert notice.get_by_role("link", name="Reload this page").get_attribute("href") == page.url
    assert page.locator("#course-help-line").is_visible()  # the page's own help block never needed the kernel


@pytest.fixture
def uk_server(tmp_path):
    """A server started as `COURSE_REGION=uk make serve` would be: check writes the page's help, then Voila."""
    os.environ["COURSE_REGION"] = "uk"
    try:
        support.write_page_help()
        server = start_voila(tmp_path / "voila.log")
    finally:
        del os.environ["COURSE_REGION"]
    yield server
    server.stop()
    support.write_page_help()


def test_the_server_region_applies_before_any_kernel_runs(uk_server):
    status, html = uk_server.get("/voila/render/01-what-it-is.ipynb")
    assert status == 200
    help_block = html.split('<section id="course-help"', 1)[1].split("</section>", 1)[0]
    assert "emergency <span class=\"course-number\">999</span>" in help_block
    assert "911" not in help_block and 'data-region="uk"' in help_block
    assert html.index('id="course-help"') < html.index('id="jupyter-config-data"')  # before the kernel starts
