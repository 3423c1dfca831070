from __future__ import annotations

from tests.support.browser import settled, sign_in
from tests.support.demo import SHORTEN


def test_explore(page, backend):
    if backend != "sqlite":
        return
    sign_in(page, "nora")
    settled(page)
    page.get_by_role("banner").get_by_role("link", name="Plans", exact=True).click()
    page.get_by_role("heading", name="Plans", level=1).wait_for()
    settled(page)
    print("PLANS", page.get_by_role("link").all_inner_texts())
    page.goto(f"/initiatives/{SHORTEN}")
    settled(page)
    form = page.locator("form#add-comment")
    form.get_by_label("Add a comment").fill("Is the **cut-over** fixed?")
    form.locator("summary", has_text="Mention people").click()
    form.get_by_label("Priya Raman", exact=True).check()
    form.get_by_role("button", name="Comment", exact=True).click()
    page.locator("li.comment").wait_for()
    settled(page)
    print("URL", page.url)
    print("SCROLL", page.evaluate("() => [window.scrollY, document.querySelector('li.comment').getBoundingClientRect().top, window.innerHeight]"))
    print(page.locator("section.comments").inner_html())
    page.locator("form#add-comment textarea").fill("   ")
    page.locator("form#add-comment").get_by_role("button", name="Comment", exact=True).click()
    page.wait_for_timeout(1500)
    print("URL2", page.url)
    print(page.locator("main").inner_text())
