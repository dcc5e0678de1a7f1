"""The deputy head edits the rules in a real browser: a row of the table is one form (inputs joined by `form=`)."""
from selenium.webdriver.common.by import By

from conftest import click_and_wait, guide_shot, open_page, sign_in


def test_deputy_changes_a_weight_and_adds_a_work_type(server, browser):
    sign_in(browser, server, "zavuch")
    open_page(browser, server + "/settings")
    weight = browser.find_element(By.CSS_SELECTOR, '#work-types input[name="weight"]')
    weight.clear()
    weight.send_keys("1,5")
    form = weight.get_attribute("form")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, f'form#{form} button'))
    assert "saved=1" in browser.current_url
    assert browser.find_element(By.CSS_SELECTOR, '#work-types input[name="weight"]').get_attribute("value") == "1.5"
    new = browser.find_element(By.CSS_SELECTOR, '#work-types input[placeholder]')
    new.send_keys("Работа на олимпиаде")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, f'form#{new.get_attribute("form")} button'))
    assert "Работа на олимпиаде" in [i.get_attribute("value") for i in browser.find_elements(By.CSS_SELECTOR, '#work-types input[name="title"]')]
    guide_shot(browser, "deputy-settings")
