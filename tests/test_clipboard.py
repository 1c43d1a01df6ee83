"""y: where the quote went, said truthfully (issue 13 §2.11)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

import pytest

from reader.tui import clipboard
from reader.tui.clipboard import FILE_NAME, TIMEOUT, copy, tools


class FakeRun:
    def __init__(self, returncode=0, raises=None):
        self.calls = []
        self.returncode, self.raises = returncode, raises

    def __call__(self, cmd, **kw):
        self.calls.append((cmd, kw))
        if self.raises is not None:
            raise self.raises
        return subprocess.CompletedProcess(cmd, self.returncode)


def which_of(*names):
    return lambda name: f"/usr/bin/{name}" if name in names else None


X11 = {"DISPLAY": ":0"}


def test_a_tool_that_works_is_certain_and_named(tmp_path):
    run, sent = FakeRun(), []
    got = copy("「引文」", "auto", osc52=sent.append, data_dir=tmp_path, env=X11, which=which_of("xclip"), run=run)
    assert got.where == "command" and got.certain and got.title == "Copied quote with citation"
    assert got.detail == "to the clipboard (with xclip)"
    [(cmd, kw)] = run.calls
    assert cmd == ["/usr/bin/xclip", "-selection", "clipboard", "-in"]  # a list: no shell
    assert kw["input"] == "「引文」".encode() and kw["timeout"] == TIMEOUT and "shell" not in kw
    assert sent == ["「引文」"]  # OSC 52 too, for a terminal over ssh
    assert not (tmp_path / FILE_NAME).exists()


def test_without_a_tool_it_says_sent_and_names_the_file(tmp_path):
    sent = []
    got = copy("「引文」", "auto", osc52=sent.append, data_dir=tmp_path, env={}, which=which_of("xclip"), run=FakeRun())
    assert sent == ["「引文」"]
    assert got.where == "osc52" and got.title == "Quote sent to the terminal's clipboard"
    path = tmp_path / FILE_NAME
    assert got.path == path and f"also saved to {path}" in got.detail
    assert path.read_text("utf-8") == "「引文」\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert got.why == "no clipboard tool here (wl-copy, xclip, xsel or pbcopy)" and "(" not in got.detail[-2:]


def test_a_failing_tool_falls_back_and_says_why(tmp_path):
    got = copy("x", "auto", osc52=lambda t: None, data_dir=tmp_path, env=X11, which=which_of("xclip"), run=FakeRun(1))
    assert got.where == "osc52" and "xclip failed (exit status 1)" in got.why and got.path is not None
    got = copy("x", "auto", osc52=lambda t: None, data_dir=tmp_path, env=X11, which=which_of("xclip"),
               run=FakeRun(raises=subprocess.TimeoutExpired("xclip", TIMEOUT)))
    assert "xclip did not answer within 3 s" in got.why


def test_methods(tmp_path):
    sent = []
    got = copy("a", "osc52", osc52=sent.append, data_dir=tmp_path, env=X11, which=which_of("xclip"), run=FakeRun())
    assert got.where == "osc52" and not got.certain and sent == ["a"] and not (tmp_path / FILE_NAME).exists()
    assert "sent to the terminal's clipboard" in got.title.lower()
    got = copy("b", "file", osc52=sent.append, data_dir=tmp_path, env=X11, which=which_of("xclip"), run=FakeRun())
    assert got.where == "file" and got.certain and sent == ["a"] and (tmp_path / FILE_NAME).read_text("utf-8") == "b\n"
    run = FakeRun()
    got = copy("c", "command", osc52=sent.append, data_dir=tmp_path, env={}, which=which_of(), run=run)
    assert got.where == "file" and sent == ["a"] and "no clipboard tool here" in got.why
    got = copy("d", "command", osc52=sent.append, data_dir=tmp_path, env=X11, which=which_of("xsel"), run=run)
    assert got.where == "command" and sent == ["a"] and run.calls[-1][0][0] == "/usr/bin/xsel"


def test_tools_by_platform_and_display():
    everything = which_of("wl-copy", "xclip", "xsel", "pbcopy")
    assert [t[0] for t in tools({"WAYLAND_DISPLAY": "w", "DISPLAY": ":0"}, everything, "linux")] == [
        "/usr/bin/wl-copy", "/usr/bin/xclip", "/usr/bin/xsel"]
    assert tools({}, everything, "linux") == []
    assert tools({}, everything, "darwin") == [["/usr/bin/pbcopy"]]


def test_an_unwritable_data_dir_is_said_not_raised(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    got = copy("x", "file", osc52=None, data_dir=blocker / "sub", env={}, which=which_of())
    assert got.where == "none" and not got.certain and "cannot write" in got.detail


def test_the_clipboard_file_never_holds_raw_controls(tmp_path):
    path = clipboard.write_file("引文\x1b[2J\x9b31m\u202e末\n——出处", tmp_path)
    text = path.read_text("utf-8")
    assert not any(ch in text for ch in "\x1b\x9b\u202e")
    assert text.startswith("引文␛[2J") and "——出处" in text
