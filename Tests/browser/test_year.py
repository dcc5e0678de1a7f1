"""Closing the school year in the browser (issue 7) — the last journey of the suite: it freezes the demo's year.
The head sees what is missing, closes with a reason, and the page shows the year archive verified."""
from selenium.webdriver.common.by import By

from conftest import click_and_wait, guide_shot, open_page, sign_in


def test_the_head_closes_the_year_and_the_archive_verifies(server, browser):
    sign_in(browser, server, "director")
    open_page(browser, server + "/year")
    assert "годовая отметка" in browser.find_element(By.ID, "gaps").text
    year = browser.find_element(By.ID, "close-year").text.split()[1]
    browser.find_element(By.ID, "y-reason").send_keys("Закрытие для проверки архива")
    browser.find_element(By.ID, "y-confirm").send_keys(year)
    guide_shot(browser, "director-close-year")
    click_and_wait(browser, browser.find_element(By.ID, "close-year"))
    assert "Закрыт " + year in browser.find_element(By.ID, "closed-year").text
    assert "совпавших с контрольными суммами" in browser.find_element(By.ID, "archive-ok").text
    # The next year is open, and its classes are there.
    open_page(browser, server + "/classes")
    assert "4А" in browser.page_source and "1Б" in browser.page_source
    open_page(browser, server + "/retention")
    assert browser.find_element(By.ID, "rules")
