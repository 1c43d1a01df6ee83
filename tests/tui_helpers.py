"""Shared helpers for the Pilot tests of the app."""

from __future__ import annotations

from reader.tui.app import ReaderApp


# SearchEngine's arguments that make it treat the seeds as a large archive does its broad
# queries: literals with more than one candidate verified only where needed (two at a
# time), and over three matches ranked as broad — so first pages come before whole answers.
STAGED = {"rank_all": 3, "verify_now": 1, "verify_chunk": 2}


def staged(engine):
    """The app's *engine* (built by the app, with its settings), tuned as ``STAGED`` says."""
    engine.ranking.rank_all = STAGED["rank_all"]
    engine.literals.verify_now, engine.literals.verify_chunk = STAGED["verify_now"], STAGED["verify_chunk"]
    return engine


def make_app(corpus, cache, data_dir=None, **kw) -> ReaderApp:
    return ReaderApp(corpus, cache, data_dir, **kw)


def list_ids(app) -> list[str]:
    """The ids of the articles in the main screen's list, in its order."""
    return [a.id for a in app.main_screen.article_list.articles]


async def ready(pilot, timeout: float = 30.0) -> None:
    """Wait until the index is open and every pending search has been shown."""
    await wait_until(pilot, lambda: pilot.app.engine is not None, timeout, what="the index opening")
    await settle(pilot)


async def wait_until(pilot, condition, timeout: float = 30.0, what: str = "the condition") -> None:
    """Wait (bounded, by the clock) until *condition()* holds; fails saying *what* never did.
    Never a fixed sleep: a loaded machine only makes this slower, not wrong."""
    import time

    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"{what} never held within {timeout} s"
        await pilot.pause(0.05)


async def settle(pilot, timeout: float = 60.0) -> None:
    """Every worker done and its messages handled (an app that died fails, not hangs)."""
    import asyncio

    from textual.worker import WorkerCancelled

    app = pilot.app
    for _ in range(3):
        assert app.is_running, "the app stopped"
        try:
            await asyncio.wait_for(app.workers.wait_for_complete(), timeout)
        except WorkerCancelled:  # a search superseded by a newer one (exclusive): wait for the rest
            rest = [w for w in app.workers if not w.is_cancelled]
            if rest:
                await asyncio.wait_for(app.workers.wait_for_complete(rest), timeout)
        await asyncio.wait_for(pilot.pause(), timeout)


async def type_text(pilot, text: str) -> None:
    for ch in text:
        await pilot.press(ch if ch != " " else "space")


def screen_text(app) -> str:
    """What a person sees: the current screen as the compositor renders it (every layer,
    notifications included), as plain text."""
    import io

    from rich.console import Console

    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True,
                      color_system="truecolor", record=True, legacy_windows=False, safe_box=False)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text(styles=False)


async def wait_for_text(pilot, needle: str, timeout: float = 30.0) -> str:
    """The screen text once *needle* shows on it (bounded: fails with what it showed)."""
    waited, text = 0.0, ""
    while waited < timeout:
        text = screen_text(pilot.app)
        if needle in text:
            return text
        await pilot.pause(0.05)
        waited += 0.05
    raise AssertionError(f"{needle!r} never showed; the screen was:\n{text}")


def screen_lines(app) -> list[str]:
    """The screen's rows as text (see ``screen_text``)."""
    return screen_text(app).splitlines()


def toast_text(shown: str) -> str:
    """The text of the notifications on a rendered screen, their lines joined by spaces
    (a toast wraps its message; its rows begin at its left edge, "▌")."""
    parts = [line.split("▌", 1)[1] for line in shown.splitlines() if "▌" in line]
    return " ".join(" ".join(p.rstrip("│╯─ ").split()) for p in parts)


async def wait_for_screen(pilot, *texts: str, timeout: float = 60.0) -> str:
    """Wait (bounded) until every one of *texts* is on the rendered screen (in a line, or
    in a notification, whose lines wrap); returns the screen."""
    import time

    deadline = time.monotonic() + timeout
    while True:
        shown = screen_text(pilot.app)
        toasts = toast_text(shown)
        if all(t in shown or " ".join(t.split()) in toasts for t in texts):
            return shown
        assert time.monotonic() < deadline, f"never shown: {texts!r}; the screen:\n{shown}"
        await pilot.pause(0.05)


def screen_segments(app) -> list[list]:
    """The rendered screen's rows as Rich segments: each piece of text with the style it is
    painted in, every layer composed (as ``screen_text``, with the styles)."""
    from textual.strip import Strip

    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    rows = []
    for line in update.strips:
        strips = [line] if isinstance(line, Strip) else list(line)
        rows.append([seg for strip in strips for seg in strip if not seg.control])
    return rows


def painted_text(app, style, region=None) -> list[str]:
    """Per screen row (within *region*, a widget's region, if given), the runs of text painted
    with *style*'s background: what a person sees highlighted."""
    runs: list[str] = []
    for y, row in enumerate(screen_segments(app)):
        x, run = 0, ""
        for seg in row:
            width = seg.cell_length
            inside = region is None or (region.y <= y < region.bottom and region.x <= x < region.right)
            if inside and seg.style is not None and seg.style.bgcolor == style.bgcolor and seg.text.strip():
                run += seg.text
            elif run:
                runs.append(run)
                run = ""
            x += width
        if run:
            runs.append(run)
    return runs


def call(capsys, *argv):
    """main() in process: exit code, stdout, stderr (argparse's exits included)."""
    from reader.cli import main

    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err
