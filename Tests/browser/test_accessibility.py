"""Accessibility and phones: axe-core on every main page of every role (no serious or critical violation), and the
parent's pages and the teacher's journal on a 375-px screen (no page-wide horizontal scrolling, tap targets ≥ 44 px)."""
import pytest
from axe_selenium_python import Axe
from selenium.webdriver.common.by import By

from conftest import guide_shot, links, open_page, page_fits, sign_in

PAGES = {
    "admin": ["/", "/classes", "/admin/users", "/admin/users/new", "/admin/import", "/admin/slips", "/settings", "/account/password"],
    "director": ["/", "/classes", "/journals", "/assessments", "/settings", "/control"],
    "zavuch": ["/", "/classes", "/journals", "/assessments", "/assessments/new", "/control", "/control/gifted", "/awards",
               "/settings/vocabularies"],
    "teacher": ["/", "/classes", "/journals"],
    "english": ["/", "/journals"],
    "dop": ["/", "/journals"],
    "parent": ["/"],
    "pupil": ["/"],
}


def serious(browser):
    axe = Axe(browser)
    axe.inject()
    result = axe.run()
    return [f"{v['id']} ({v['impact']}): {v['help']} — {len(v['nodes'])} × {v['nodes'][0]['target']}"
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


def follow(browser, base, prefix):
    """The first link of the page that starts with `prefix` (a class, a pupil, a journal…)."""
    hrefs = [h for h in links(browser, prefix) if not h.endswith("/results") and not h.endswith("/portfolio")]
    return base + hrefs[0] if hrefs else None


@pytest.mark.parametrize("login", sorted(PAGES))
def test_main_pages_have_no_serious_accessibility_violations(server, browser, login):
    sign_in(browser, server, login)
    problems = []
    visited = list(PAGES[login])
    for path in PAGES[login]:
        open_page(browser, server + path)
        problems += [f"{path}: {p}" for p in serious(browser)]
    # One level deeper: a class page, a pupil card, a results page, a journal grid, a lesson form.
    open_page(browser, server + "/")
    for prefix in ["/classes/", "/pupils/", "/journals/class/", "/journals/group/"]:
        url = follow(browser, server, prefix)
        if not url and prefix == "/pupils/":
            open_page(browser, server + "/classes")
            cls = follow(browser, server, "/classes/")
            if cls:
                open_page(browser, cls)
                url = follow(browser, server, "/pupils/")
        if not url and prefix.startswith("/journals/"):
            open_page(browser, server + "/journals")
            url = follow(browser, server, prefix)
        if url:
            open_page(browser, url)
            visited.append(url)
            problems += [f"{url}: {p}" for p in serious(browser)]
            if prefix == "/pupils/":
                # The pupil's other pages: results, portfolio, its print, a new achievement, the route (a 404 page where not allowed).
                for page in ["/results", "/portfolio", "/portfolio/print", "/achievements/new", "/route"]:
                    open_page(browser, url + page)
                    problems += [f"{url}{page}: {p}" for p in serious(browser)]
    assert not problems, "\n".join(problems)
    assert len(visited) >= len(PAGES[login])


def tap_targets_too_small(browser):
    return browser.execute_script("""
        const small = [];
        for (const el of document.querySelectorAll('nav a, button, input[type=submit], .tiles a, select')) {
            const r = el.getBoundingClientRect();
            if (r.width > 0 && r.height > 0 && (r.height < 44 || r.width < 44)) small.push(el.outerHTML.slice(0, 80) + ' ' + Math.round(r.width) + '×' + Math.round(r.height));
        }
        return small;""")


def test_parent_pages_fit_a_phone(server, phone):
    sign_in(phone, server, "parent")
    assert page_fits(phone)
    assert not tap_targets_too_small(phone), tap_targets_too_small(phone)
    child = [h for h in links(phone, "/pupils/") if not h.endswith("/results") and not h.endswith("/portfolio")][0]
    for path in [child, child + "/results", child + "/portfolio", child + "/achievements/new", "/account/password"]:
        open_page(phone, server + path)
        assert page_fits(phone), path
        assert not tap_targets_too_small(phone), (path, tap_targets_too_small(phone))
    guide_shot(phone, "parent-phone-results")


def test_the_journal_works_on_a_phone(server, phone):
    sign_in(phone, server, "teacher")
    open_page(phone, server + "/journals")
    journal = [h for h in links(phone, "/journals/class/")][0]
    open_page(phone, server + journal)
    # The grid scrolls inside its own box; the page itself does not.
    assert page_fits(phone)
    cell = phone.find_elements(By.CSS_SELECTOR, "input.cell")
    if cell:
        r = phone.execute_script("const r = arguments[0].getBoundingClientRect(); return [r.width, r.height]", cell[0])
        assert r[1] >= 44, r
    guide_shot(phone, "teacher-phone-journal")
