"""Closing the school year in the browser (issues 7 and 17), on a demo school of its own whose calendar is moved
(KOPILKA_TODAY): in December the head is told the day the year can close; after the last period's end the head sees
what is missing, closes with a reason, and the page shows the year archive verified."""
import datetime
import shutil

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import click_and_wait, guide_shot, open_page, serve_demo, sign_in, start_server, stop


def test_the_head_closes_the_year_after_its_end_and_the_archive_verifies(browser):
    today = datetime.date.today()
    start = today.year if today.month >= 8 else today.year - 1
    moved, proc = serve_demo(KOPILKA_TODAY=f"{start}-12-02")
    try:
        sign_in(browser, moved, "director")
        open_page(browser, moved + "/year")
        assert "02.12." in browser.find_element(By.ID, "moved-date").text
        (ends,) = moved.sqlite("SELECT MAX(ends_on) FROM periods")[0]
        day = datetime.date.fromisoformat(ends) + datetime.timedelta(days=1)
        assert day.strftime("%d.%m.%Y") in browser.find_element(By.ID, "not-yet").text
        assert not browser.find_elements(By.ID, "close-form")
        # The calendar moves past the last period's end: the server is restarted as an admin would (the session lives on).
        stop(proc)
        moved.env["KOPILKA_TODAY"] = f"{start + 1}-06-01"
        proc = start_server(moved)
        open_page(browser, moved + "/year")
        assert "01.06." in browser.find_element(By.ID, "moved-date").text
        assert "годовая отметка" in browser.find_element(By.ID, "gaps").text
        guide_shot(browser, "director-year-preview")
        # The confirmation page says what will happen before anything is done.
        click_and_wait(browser, browser.find_element(By.ID, "to-close"))
        moves = browser.find_element(By.ID, "moves").text
        assert "3А" in moves and "окончит начальную школу" in moves
        year = browser.find_element(By.ID, "close-year").text.split()[1]
        browser.find_element(By.ID, "y-reason").send_keys("Закрытие для проверки архива")
        browser.find_element(By.ID, "y-confirm").send_keys(year)
        guide_shot(browser, "director-close-year")
        click_and_wait(browser, browser.find_element(By.ID, "close-year"))
        # A long close shows its progress and the page refreshes itself until the year is closed.
        WebDriverWait(browser, 600).until(lambda d: d.find_elements(By.ID, "closed-year") and not d.find_elements(By.ID, "close-progress"))
        assert "Закрыт " + year in browser.find_element(By.ID, "closed-year").text
        assert "совпавших с контрольными суммами" in browser.find_element(By.ID, "archive-ok").text
        # The next year is open, and its classes are there.
        open_page(browser, moved + "/classes")
        assert "4А" in browser.page_source and "1Б" in browser.page_source
        open_page(browser, moved + "/retention")
        assert browser.find_element(By.ID, "rules")
        assert not moved.errors_logged()
    finally:
        stop(proc)
        shutil.rmtree(moved.data, ignore_errors=True)
