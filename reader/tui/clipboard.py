"""Copying a quote where the user can surely paste it.

OSC 52 asks the terminal to set the clipboard, but nothing comes back: tmux (by default),
screen and many terminals drop it silently, so after sending it the app cannot know the
clipboard holds the quote and must not say so. What surely works:

- a system clipboard tool, where one exists: ``wl-copy`` (Wayland), ``xclip`` / ``xsel``
  (X11), ``pbcopy`` (macOS) — found with :func:`shutil.which`, run without a shell and with
  a timeout; its exit status says whether it worked;
- otherwise, the quote written to a file in the user data dir, whose path is shown.

*method* (the ``clipboard`` setting): ``auto`` uses a tool when there is one, else OSC 52
and the file; ``osc52`` only sends OSC 52; ``command`` only a tool (the file if none works);
``file`` only the file. No Textual here: the app passes its OSC 52 sender in.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Mapping

METHODS = ("auto", "osc52", "command", "file")
FILE_NAME = "clipboard.txt"
TIMEOUT = 3.0  # seconds a clipboard tool may take


@dataclass(frozen=True)
class Copied:
    """What happened to the text, and how to say it."""

    where: str  # "command" | "osc52" | "file" | "none"
    certain: bool  # True when the clipboard (or the file) surely holds the text
    title: str  # the notification's title
    detail: str  # one line on where it went
    path: Path | None = None  # the file, when one was written
    why: str = ""  # one line on what did not work on the way (no tool, a tool that failed); "": nothing


def tools(env: Mapping[str, str] | None = None, which: Callable[[str], str | None] = shutil.which,
          platform: str = sys.platform) -> list[list[str]]:
    """The clipboard commands that can work here, best first."""
    env = os.environ if env is None else env
    found = []
    if env.get("WAYLAND_DISPLAY") and which("wl-copy"):
        found.append([which("wl-copy"), "--type", "text/plain;charset=utf-8"])
    if env.get("DISPLAY"):
        if which("xclip"):
            found.append([which("xclip"), "-selection", "clipboard", "-in"])
        if which("xsel"):
            found.append([which("xsel"), "--clipboard", "--input"])
    if platform == "darwin" and which("pbcopy"):
        found.append([which("pbcopy")])
    return found


def _run_tool(cmd: list[str], text: str, run=subprocess.run) -> str | None:
    """None if *cmd* took the text, else why not (one line)."""
    try:
        # no pipes left open: xclip and xsel stay in the background to serve the selection,
        # and a pipe they inherited would make this wait for them
        proc = run(cmd, input=text.encode("utf-8"), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   timeout=TIMEOUT, check=False, close_fds=True)
    except subprocess.TimeoutExpired:
        return f"{Path(cmd[0]).name} did not answer within {TIMEOUT:.0f} s"
    except OSError as exc:
        return f"{Path(cmd[0]).name}: {exc.strerror or exc}"
    if proc.returncode != 0:
        return f"{Path(cmd[0]).name} failed (exit status {proc.returncode})"
    return None


def write_file(text: str, data_dir: Path) -> Path:
    """The text in ``<data dir>/clipboard.txt`` (private, replaced whole), its control
    characters made visible: the file is there to be printed (``cat``) as well as read."""
    from reader.printable import printable

    text = printable(text, multiline=True)
    path = Path(data_dir) / FILE_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{FILE_NAME}.tmp-{os.getpid()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text + "\n")
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return path


def copy(text: str, method: str = "auto", *, osc52: Callable[[str], None] | None = None,
         data_dir: Path | None = None, env: Mapping[str, str] | None = None,
         which: Callable[[str], str | None] = shutil.which, run=subprocess.run,
         platform: str = sys.platform) -> Copied:
    """Copy *text* by *method* (see the module's doc); never raises for a clipboard that
    cannot be reached, it says so in the result."""
    if method not in METHODS:
        method = "auto"
    problems: list[str] = []
    if method in ("auto", "command"):
        candidates = tools(env, which, platform)
        for cmd in candidates:
            why = _run_tool(cmd, text, run)
            if why is None:
                if osc52 is not None and method == "auto":
                    osc52(text)  # also to a terminal far away (ssh), harmless here
                return Copied("command", True, "Copied quote with citation",
                              f"to the clipboard (with {Path(cmd[0]).name})")
            problems.append(why)
        if not candidates:
            problems.append("no clipboard tool here (wl-copy, xclip, xsel or pbcopy)")
    sent = False
    if method in ("auto", "osc52") and osc52 is not None:
        osc52(text)
        sent = True
        if method == "osc52":
            return Copied("osc52", False, "Quote sent to the terminal's clipboard",
                          "with OSC 52; if it does not paste, your terminal (or tmux) dropped it")
    path = None
    if data_dir is not None:
        try:
            path = write_file(text, data_dir)
        except OSError as exc:
            problems.append(f"cannot write {Path(data_dir) / FILE_NAME}: {exc.strerror or exc}")
    why = "; ".join(problems)
    if sent:
        title = "Quote sent to the terminal's clipboard"
        detail = "with OSC 52, which your terminal (or tmux) may drop"
        if path is not None:
            detail += f"; also saved to {path}"
        return Copied("osc52", path is not None, title, detail, path, why)
    if path is not None:
        return Copied("file", True, "Quote saved to a file", f"{path}", path, why)
    return Copied("none", False, "The quote could not be copied", why or "no way to copy here")
