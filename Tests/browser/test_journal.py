"""The journal journey in a real browser: a class teacher fills the grid from the keyboard, closes the quarter
with period marks, the deputy head locks it, the parent sees marks, the explanation and the history."""
import datetime
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import click_and_wait, guide_shot, links, open_page, screenshot, sign_in


def wait_saved(browser, cell, timeout=10):
    WebDriverWait(browser, timeout).until(lambda d: "saved" in cell.get_attribute("class") or "error" in cell.get_attribute("class"))


def math_2a(browser, server):
    open_page(browser, server + "/journals")
    link = next(a for a in browser.find_elements(By.CSS_SELECTOR, "#journals a") if a.text == "2А · Математика")
    return link.get_attribute("href")


def test_teacher_fills_the_grid_closes_the_quarter_and_the_parent_sees_it(server, browser):
    sign_in(browser, server, "teacher")
    journal = math_2a(browser, server)
    open_page(browser, journal)
    Select(browser.find_element(By.ID, "period")).select_by_visible_text("1 четверть")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, ".period-switch button"))

    # A new lesson, then marks typed from the keyboard: digit, Enter moves down, «н» is an absence.
    browser.execute_script("document.getElementById('date').value = '2026-10-20'")
    browser.find_element(By.ID, "topic").send_keys("Контрольная по теме «Умножение»")
    Select(browser.find_element(By.ID, "work_type")).select_by_index(5)
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "#add-lesson button"))
    column = next(a for a in browser.find_elements(By.CSS_SELECTOR, "th.date a") if "Умножение" in a.get_attribute("title"))
    lesson = column.get_attribute("href").rsplit("/", 1)[1]
    cells = browser.find_elements(By.CSS_SELECTOR, f'input.cell[data-lesson="{lesson}"]')
    assert len(cells) >= 20
    cells[0].click()
    for value in ["5", "4", "н", "3"]:
        active = browser.switch_to.active_element
        active.send_keys(value)
        active.send_keys(Keys.ENTER)
        wait_saved(browser, active)
    for cell, expected in zip(cells[:4], ["5", "4", "н", "3"]):
        assert cell.get_attribute("value") == expected
        assert "saved" in cell.get_attribute("class")
    # A value off the scale is refused in Russian, the cell shows it.
    cells[4].click()
    browser.switch_to.active_element.send_keys("7")
    browser.switch_to.active_element.send_keys(Keys.ENTER)
    wait_saved(browser, cells[4])
    assert "error" in cells[4].get_attribute("class")
    assert "нет на шкале" in browser.find_element(By.ID, "journal-status").text
    screenshot(browser, "journal-grid-teacher")
    guide_shot(browser, "teacher-journal")

    # Saved means saved: a reload shows the marks from the server.
    browser.refresh()
    cells = browser.find_elements(By.CSS_SELECTOR, f'input.cell[data-lesson="{lesson}"]')
    assert [c.get_attribute("value") for c in cells[:4]] == ["5", "4", "н", "3"]

    # Period marks: every final mark set to the proposal (or «н/а» with a reason), then posted.
    click_and_wait(browser, browser.find_element(By.ID, "period-marks-link"))
    for row in browser.find_elements(By.CSS_SELECTOR, "#period-marks tbody tr"):
        proposal = row.find_elements(By.TAG_NAME, "td")[3].text.strip()
        final = row.find_element(By.CSS_SELECTOR, 'input[name^="final_"]')
        final.clear()
        if proposal and proposal != "—":
            final.send_keys(proposal)
        else:
            final.send_keys("н/а")
            row.find_element(By.CSS_SELECTOR, 'input[name^="reason_"]').send_keys("Недостаточно отметок")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, 'button[value="post"]'))
    if "saved=1" not in browser.current_url:
        screenshot(browser, "period-marks-failed")
        errors = [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".field-error, .error")]
        raise AssertionError(f"period marks not posted: {errors[:5]}")
    assert "выставлена" in browser.page_source
    screenshot(browser, "period-marks-posted")
    guide_shot(browser, "teacher-period-marks")
    browser.delete_all_cookies()

    # The deputy head closes the quarter for 2А.
    sign_in(browser, server, "zavuch")
    open_page(browser, server + "/classes")
    open_page(browser, next(a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "table.grid a") if a.text == "2А"))
    row = next(r for r in browser.find_elements(By.CSS_SELECTOR, "#periods tr") if "1 четверть" in r.text)
    # A second look first: what is posted per subject (mathematics, just posted, is complete), what will happen.
    click_and_wait(browser, row.find_element(By.CSS_SELECTOR, "a.close-period"))
    math = next(r for r in browser.find_elements(By.CSS_SELECTOR, "#subjects tbody tr") if "Математика" in r.text)
    assert "gap" not in (math.get_attribute("class") or "")
    assert "заместитель директора" in browser.find_element(By.ID, "confirm").text
    guide_shot(browser, "deputy-close-period-preview")
    # (A note is optional after the period's end and required before it: typed either way.)
    browser.find_element(By.ID, "pc-reason").send_keys("Итоги четверти подведены на педсовете")
    click_and_wait(browser, browser.find_element(By.ID, "period-close"))
    assert "locked=1" in browser.current_url
    assert "закрыт" in next(r for r in browser.find_elements(By.CSS_SELECTOR, "#periods tr") if "1 четверть" in r.text).text
    guide_shot(browser, "deputy-close-period")
    browser.delete_all_cookies()

    # The parent sees the marks, the explanation of the period mark and its history.
    sign_in(browser, server, "parent")
    # The child in 2А (the other one is in 4Б, whose marks were not touched).
    tile = next(li for li in browser.find_elements(By.CSS_SELECTOR, "#children li") if "2А" in li.text)
    child = next(a.get_attribute("href") for a in tile.find_elements(By.TAG_NAME, "a") if a.get_attribute("href").endswith("/results"))
    open_page(browser, child)
    Select(browser.find_element(By.ID, "period")).select_by_visible_text("1 четверть")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, ".period-switch button"))
    maths = next(s for s in browser.find_elements(By.CSS_SELECTOR, "section.subject") if s.find_element(By.TAG_NAME, "h2").text == "Математика")
    assert "Отметка за период" in maths.text
    maths.find_element(By.CSS_SELECTOR, "details.explain summary").click()
    assert "÷" in maths.find_element(By.CSS_SELECTOR, "details.explain").text
    screenshot(browser, "parent-results")
    guide_shot(browser, "parent-results")


def test_unsaved_cells_survive_a_reload_while_the_server_refuses(server, browser):
    sign_in(browser, server, "teacher")
    journal = math_2a(browser, server)
    open_page(browser, journal)
    # Pretend the network failed: a value waits in the browser's queue, the page is reloaded, the value is back and sent.
    # An empty cell: a new mark needs no reason on any day (changing a past day's mark would ask for one).
    empty = [c for c in browser.find_elements(By.CSS_SELECTOR, "input.cell") if c.get_attribute("value") == ""]
    if not empty:
        return  # the current period has no lessons in the demo; nothing to type into
    lesson = empty[0].get_attribute("data-lesson")
    pupil = browser.execute_script("return arguments[0].closest('tr').dataset.pupil", empty[0])
    browser.execute_script(
        "localStorage.setItem('kopilka:unsaved:' + document.getElementById('journal').dataset.journal, JSON.stringify({[arguments[0]]: {value: '4', reason: ''}}))",
        lesson + "|" + pupil)
    browser.refresh()
    again = browser.execute_script(
        "return [...document.querySelectorAll('input.cell')].find(c => c.dataset.lesson === arguments[0] && c.closest('tr').dataset.pupil === arguments[1])",
        lesson, pupil)
    WebDriverWait(browser, 10).until(lambda d: "saved" in again.get_attribute("class"))
    assert again.get_attribute("value") == "4"
    left = browser.execute_script("return localStorage.getItem('kopilka:unsaved:' + document.getElementById('journal').dataset.journal)")
    assert left == "{}"


def test_typing_fast_with_enter_and_arrows_saves_each_cell_once(server, browser):
    """Issue 15: Enter (or ↓) saves a cell and moves on; the focus leaving the cell must not save it again. A whole
    column typed fast — marks, «н», «б» — leaves one event per changed cell and no 500 in the server's log."""
    errors_before = len(server.errors_logged())
    sign_in(browser, server, "teacher")
    journal = math_2a(browser, server)
    # The second quarter (the first one is locked by the journey above), on a date inside it whatever today is.
    open_page(browser, journal)
    Select(browser.find_element(By.ID, "period")).select_by_visible_text("2 четверть")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, ".period-switch button"))
    start = server.sqlite("SELECT starts_on FROM periods WHERE title = '2 четверть' ORDER BY starts_on LIMIT 1")[0][0]
    day = (datetime.date.fromisoformat(start) + datetime.timedelta(days=3)).isoformat()
    browser.execute_script(f"document.getElementById('date').value = '{day}'")
    topic = "Быстрый ввод: устный счёт"
    browser.find_element(By.ID, "topic").send_keys(topic)
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "#add-lesson button"))
    column = next(a for a in browser.find_elements(By.CSS_SELECTOR, "th.date a") if topic in a.get_attribute("title"))
    lesson = column.get_attribute("href").rsplit("/", 1)[1]
    cells = browser.find_elements(By.CSS_SELECTOR, f'input.cell[data-lesson="{lesson}"]')
    values = ["5", "4", "н", "3", "б", "5", "4", "н", "5", "3"]
    assert len(cells) >= len(values)

    def type_column(vals):
        cells[0].click()
        for i, value in enumerate(vals):
            active = browser.switch_to.active_element
            active.send_keys(Keys.CONTROL, "a")
            active.send_keys(value)
            # Enter and ↓ alike: save, then move down (the blur that follows must not save again).
            active.send_keys(Keys.ENTER if i % 2 == 0 else Keys.ARROW_DOWN)

    def settled():
        WebDriverWait(browser, 20).until(lambda d: not d.find_elements(By.CSS_SELECTOR, "input.cell.pending")
                                         and d.execute_script("return Object.keys(JSON.parse(localStorage.getItem("
                                                              "'kopilka:unsaved:' + document.getElementById('journal').dataset.journal)"
                                                              " || '{}')).length") == 0)

    def counts():
        marks = server.sqlite("SELECT count(*) FROM mark_events m JOIN lessons l ON l.id = m.lesson_id WHERE l.topic = ?", topic)[0][0]
        absences = server.sqlite("SELECT count(*) FROM attendance a JOIN lessons l ON l.id = a.lesson_id WHERE l.topic = ?", topic)[0][0]
        return marks, absences

    # Count what the grid sends: one request per changed cell, whatever keys moved the focus.
    browser.execute_script("""window.cellPosts = 0; var f = window.fetch;
        window.fetch = function (u) { if (String(u).indexOf('/cells') >= 0) window.cellPosts++; return f.apply(this, arguments); };""")
    type_column(values)
    settled()
    assert [c.get_attribute("value") for c in cells[:len(values)]] == values
    marks = sum(1 for v in values if v.isdigit())
    assert counts() == (marks, len(values) - marks)
    assert browser.execute_script("return window.cellPosts") == len(values)

    # The same column typed again, as fast: nothing changed, nothing is sent or written.
    type_column(values)
    settled()
    assert counts() == (marks, len(values) - marks)
    assert browser.execute_script("return window.cellPosts") == len(values)

    # One mark changed today: exactly one more event; the history shows «5 → 4», never «4 → 4».
    changed = list(values)
    changed[0] = "4"
    type_column(changed)
    settled()
    assert counts() == (marks + 1, len(values) - marks)
    assert browser.execute_script("return window.cellPosts") == len(values) + 1
    assert "error" not in cells[0].get_attribute("class")
    assert server.errors_logged()[errors_before:] == []
