"""Regenerate the SVG screenshots in docs/img/ (shown in the README).

    python docs/screenshots.py

Each scene drives the app with Pilot on the bundled seeds, at a fixed size, with the cursor
blink off and caches in a temporary folder (your bookmarks are not touched), and saves what
the terminal would show. Run it after a visible change, and commit the SVGs with it.

The SVGs come from ``ReaderApp.export_screenshot``, which gives every run of text its width in
terminal cells and CJK fallback fonts (``reader/tui/svg.py``): Rich's own writer squeezes each
Chinese character into one cell. Check them by looking, e.g. with headless Chromium and a CJK
font: ``chromium --headless --screenshot=out.png --window-size=1482,930 docs/img/search.svg``.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "docs" / "img"


async def _settle(pilot) -> None:
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def _ready(pilot) -> None:
    while pilot.app.engine is None:
        await pilot.pause(0.05)
    pilot.app.main_screen.search_box.cursor_blink = False
    await _settle(pilot)


async def _type(pilot, text: str) -> None:
    for ch in text:
        await pilot.press(ch if ch != " " else "space")
    await _settle(pilot)


async def search_and_read(pilot) -> None:
    await _type(pilot, "杜小刚")
    await pilot.press("enter")
    await pilot.pause()
    await pilot.press("enter")
    await _settle(pilot)
    await pilot.press("n", "n")


async def pinyin(pilot) -> None:
    await _type(pilot, "dxg")


async def filters(pilot) -> None:
    await _type(pilot, "无锡")
    await pilot.press("f3")
    await _settle(pilot)


async def related(pilot) -> None:
    app = pilot.app
    app.main_screen.open(next(a for a in app.corpus.articles if a.title.startswith("西门子")))
    await pilot.pause()
    await pilot.press("r")
    await _settle(pilot)
    await pilot.pause(0.2)


async def narrow(pilot) -> None:
    await _type(pilot, "無錫")


async def help_screen(pilot) -> None:
    await pilot.press("f1")


async def light(pilot) -> None:
    pilot.app.theme = "textual-light"
    await _settle(pilot)
    await search_and_read(pilot)
    await pilot.press("escape")  # back to the list: its cursor row shows


SCENES = [
    ("search", (120, 36), search_and_read),
    ("pinyin", (120, 30), pinyin),
    ("filters", (120, 30), filters),
    ("related", (120, 34), related),
    ("narrow", (80, 24), narrow),
    ("help", (120, 40), help_screen),
    ("light", (120, 36), light),
]


async def shoot(name: str, size: tuple[int, int], scene, corpus, tmp: Path) -> Path:
    from reader.settings import Settings
    from reader.tui.app import ReaderApp

    # the default settings, in memory: the user's keys and theme neither shown nor changed
    app = ReaderApp(corpus, tmp / "cache", tmp / f"data-{name}", index_in_process=True,
                    settings=Settings.defaults())
    async with app.run_test(size=size) as pilot:
        await _ready(pilot)
        await scene(pilot)
        await _settle(pilot)
        await pilot.pause(0.1)
        path = OUT / f"{name}.svg"
        path.write_text(app.export_screenshot(title=f"reader — {name}"), "utf-8")
    return path


def main() -> None:
    from reader.corpus import load_corpus

    OUT.mkdir(parents=True, exist_ok=True)
    corpus = load_corpus(ROOT / "seeds")
    with tempfile.TemporaryDirectory() as tmp:
        for name, size, scene in SCENES:
            path = asyncio.run(shoot(name, size, scene, corpus, Path(tmp)))
            print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
