"""The carrier lookup page, driven in Chromium like a shopper would."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("number", "carrier", "link"),
    [
        ("1Z 999-AA1 0123456784", "UPS", "https://www.ups.com/track?tracknum=1Z999AA10123456784"),
        ("yt123456789", "YunExpress", "https://www.yunexpress.cn/"),
        ("420 123 456 789", "USPS", "https://tools.usps.com/go/TrackConfirmAction?tLabels=420123456789"),
        ("CNUS123456789", "Cainiao", None),
        ("SPX123456789", "SPDEX", None),
    ],
)
def test_tracking_number_shows_carrier(tab, site_url: str, number: str, carrier: str, link: str | None) -> None:
    tab.goto(site_url + "track/")
    tab.get_by_label("Tracking number", exact=True).fill(number)
    result = tab.locator("#track-result")
    result.get_by_text(carrier, exact=True).first.wait_for()
    if link:
        assert result.locator(f'a[href="{link}"]').count() == 1


def test_unknown_number_says_so(tab, site_url: str) -> None:
    tab.goto(site_url + "track/")
    tab.get_by_label("Tracking number", exact=True).fill("ZZ0000000")
    result = tab.locator("#track-result")
    result.locator('a[href="mailto:na.support@popmart.com"]').wait_for()
    assert "UPS" not in result.locator("strong, h2, h3").all_inner_texts()


def test_usps_rejects_letters(tab, site_url: str) -> None:
    tab.goto(site_url + "track/")
    tab.get_by_label("Tracking number", exact=True).fill("420ABC123")
    result = tab.locator("#track-result")
    result.locator('a[href="mailto:na.support@popmart.com"]').wait_for()
    assert "USPS" not in result.inner_text().split("\n")[0]


def test_number_from_url_and_submit(tab, site_url: str) -> None:
    tab.goto(site_url + "track/?number=DHL123456789")
    assert tab.get_by_label("Tracking number", exact=True).input_value() == "DHL123456789"
    tab.locator("#track-result").get_by_text("DHL", exact=True).first.wait_for()
    tab.get_by_label("Tracking number", exact=True).fill("gf123456789")
    tab.get_by_role("button", name="Find carrier").click()
    tab.locator("#track-result").get_by_text("GOFO Express", exact=True).first.wait_for()


def test_hostile_number_is_text(tab, site_url: str) -> None:
    tab.goto(site_url + "track/")
    tab.evaluate("window.__pwned = false")
    tab.get_by_label("Tracking number", exact=True).fill('"><img src=x onerror="window.__pwned=true">')
    tab.locator("#track-result a").first.wait_for()
    assert tab.locator("#track-result img").count() == 0
    assert tab.evaluate("window.__pwned") is False


def test_table_without_javascript(browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    no_js = context.new_page()
    no_js.goto(site_url + "track/")
    rows = no_js.locator(".track-table tbody tr")
    assert rows.count() == 10
    assert "4PX" in rows.nth(1).inner_text()
    context.close()
