"""The API reference page (/api/docs) works offline: Swagger UI comes from the server, not a CDN."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import ConsoleMessage, Page, Route, expect


def _offline(page: Page, server: str) -> tuple[list[str], list[str]]:
    """Cuts the page off from every host but `server`; returns the requests it tried elsewhere and
    the console errors (a Content-Security-Policy refusal shows up there)."""
    elsewhere: list[str] = []
    console_errors: list[str] = []

    def handle(route: Route) -> None:
        if route.request.url.startswith(server):
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort("internetdisconnected")

    page.context.route("**/*", handle)

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            console_errors.append(message.text)

    page.on("console", on_console)
    return elsewhere, console_errors


def test_api_docs_list_the_operations_without_internet(page: Page, serve, scalar_logdir: Path) -> None:
    url = serve(scalar_logdir)
    elsewhere, console_errors = _offline(page, url)
    page.goto(f"{url}/api/docs")
    expect(page.locator(".opblock-summary-path[data-path='/api/scalars']")).to_be_visible()
    expect(page.locator(".opblock-summary-path[data-path='/api/runs']")).to_be_visible()
    expect(page.get_by_role("heading", name="trainboard")).to_be_visible()
    assert elsewhere == []
    assert console_errors == []


def test_api_docs_try_it_out_answers_from_the_server(page: Page, serve, scalar_logdir: Path) -> None:
    url = serve(scalar_logdir)
    elsewhere, console_errors = _offline(page, url)
    page.goto(f"{url}/api/docs")
    runs = page.locator(".opblock").filter(has=page.locator(".opblock-summary-path[data-path='/api/runs']"))
    runs.locator(".opblock-summary").click()
    runs.get_by_role("button", name="Try it out").click()
    runs.get_by_role("button", name="Execute").click()
    live = runs.locator(".live-responses-table")
    expect(live.locator("tbody .response-col_status")).to_have_text("200")
    expect(live).to_contain_text("ppo/seed0")
    assert elsewhere == []
    assert console_errors == []
