"""In Chromium, the search box and page: suggestions as you type, Escape, lunr.js loaded on first use, the query
kept in the URL, the no-results state, a hostile query shown as text."""

from __future__ import annotations


def test_typing_shows_highlighted_suggestions_and_enter_opens(tab, site_url: str) -> None:
    tab.goto(site_url + "membership/")
    tab.locator(".header-search-link").click()  # on a phone the header's box opens from its search link
    box = tab.locator("#site-search")
    box.click()
    box.press_sequentially("authent", delay=20)
    hit = tab.locator("#site-search-suggest [role=option]").first
    hit.wait_for()
    assert "authenticity" in hit.locator("mark").first.inner_text().lower()
    assert (
        tab.locator("#site-search-status").inner_text().endswith("result")
        or "results" in tab.locator("#site-search-status").inner_text()
    )
    box.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == "site-search-option-0"
    assert box.get_attribute("aria-expanded") == "true"
    box.press("Enter")
    tab.wait_for_url("**/product-inquiry/authenticity/")


def test_escape_closes_suggestions(tab, site_url: str) -> None:
    tab.goto(site_url)
    box = tab.locator("#home-search")
    box.fill("points")
    tab.locator("#home-search-suggest [role=option]").first.wait_for()
    box.press("Escape")
    assert tab.locator("#home-search-suggest").is_hidden()
    assert box.get_attribute("aria-expanded") == "false"


def test_lunr_loads_only_when_search_is_used(tab, site_url: str) -> None:
    urls: list[str] = []
    tab.on("request", lambda request: urls.append(request.url))
    tab.goto(site_url + "membership/")
    tab.wait_for_load_state("networkidle")
    assert not [url for url in urls if "lunr" in url or "/search/index.json" in url]
    tab.locator(".header-search-link").click()  # on a phone the header's box opens from its search link
    tab.wait_for_function("() => typeof window.lunr !== 'undefined'")


def test_search_page_reads_and_keeps_the_query_in_the_url(tab, site_url: str) -> None:
    tab.goto(site_url + "search/?q=money%20back")
    assert tab.locator("#search-page").input_value() == "money back"
    results = tab.locator("#search-results .search-hit a")
    results.first.wait_for()
    assert "../pop-now/refund-after-unboxing/" in [results.nth(i).get_attribute("href") for i in range(3)]
    tab.locator("#search-page").fill("ups number")
    tab.wait_for_url("**/search/?q=ups%20number")
    tab.locator("#search-results").get_by_text("Which carrier has my parcel?").wait_for()


def test_no_results_offers_contact_and_popular_questions(tab, site_url: str) -> None:
    tab.goto(site_url + "search/?q=zzqqxx")
    empty = tab.locator("#search-results .search-empty")
    empty.wait_for()
    assert empty.locator('a[href="mailto:na.support@popmart.com"]').count() == 1
    assert empty.locator("ul a").count() >= 3
    assert tab.locator("#search-page-status").inner_text() == "No results"


def test_hostile_query_is_text(tab, site_url: str) -> None:
    tab.goto(site_url + "search/")
    tab.evaluate("window.__pwned = false")
    tab.locator("#search-page").fill('"><img src=x onerror="window.__pwned=true"> points')
    tab.locator("#search-results .search-hit").first.wait_for()
    assert tab.locator("#search-results img").count() == 0
    assert tab.evaluate("window.__pwned") is False
