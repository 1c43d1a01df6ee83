"""Shared helpers for the Pilot tests of the app."""

from __future__ import annotations

from reader.tui.app import ReaderApp


def staged(engine):
    """*engine*, made to treat the seeds as a large archive does its broad queries: literals
    with more than one candidate verified only where needed (two at a time), and over three
    matches ranked as broad — so first pages come before whole answers."""
    engine.rank_all, engine.verify_now, engine.verify_chunk = 3, 1, 2
    return engine


def make_app(corpus, cache, data_dir=None, **kw) -> ReaderApp:
    return ReaderApp(corpus, cache, data_dir, **kw)


async def ready(pilot, timeout: float = 30.0) -> None:
    """Wait until the index is open and every pending search has been shown."""
    app = pilot.app
    waited = 0.0
    while app.engine is None and waited < timeout:
        await pilot.pause(0.05)
        waited += 0.05
    assert app.engine is not None, "the index did not open"
    await settle(pilot)


async def settle(pilot, timeout: float = 60.0) -> None:
    """Every worker done and its messages handled (an app that died fails, not hangs)."""
    import asyncio

    app = pilot.app
    for _ in range(3):
        assert app.is_running, "the app stopped"
        await asyncio.wait_for(app.workers.wait_for_complete(), timeout)
        await asyncio.wait_for(pilot.pause(), timeout)


async def type_text(pilot, text: str) -> None:
    for ch in text:
        await pilot.press(ch if ch != " " else "space")
