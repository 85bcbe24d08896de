"""The login lockout in a real browser: after five wrong passwords the page says why, in Danish, and
passes axe-core like every other page."""

import pytest

from tests.browser.conftest import axe_violations
from tests.conftest import da

pytestmark = pytest.mark.browser


def test_lockout_page_is_announced_and_accessible(session, directory):
    page = session.page(bypass_csp=True)  # axe-core is injected as a script
    page.goto("/konto/login/")
    for _ in range(5):
        page.locator("#id_username").fill("medarbejder")
        page.locator("#id_password").fill("forkert")
        with page.expect_navigation():
            page.get_by_role("button", name=da("Log in")).click()

    session.expect_error("status of 429")  # the lockout answers 429 Too Many Requests, as it should
    alert = page.get_by_role("alert")
    assert alert.is_visible()
    assert da("Too many failed login attempts") in alert.inner_text()
    assert page.locator("#id_password").count() == 0
    assert axe_violations(page) == []

    with page.expect_navigation():  # is_visible() does not wait: a slow machine was still on the lockout page
        page.get_by_role("link", name=da("Back to the login page")).click()
    assert page.locator("#id_password").is_visible()
