"""The indexer child's progress lines (reader.search.progress): what one side writes the
other reads back, and anything else on the child's stdout is ignored, not trusted."""

from __future__ import annotations

import json

import pytest

from reader.search.progress import (
    ProgressLine, decode, encode_finished, encode_notice, encode_progress, encode_waiting,
)


def test_each_line_reads_back_as_written():
    assert decode(encode_progress(120, 800)) == ProgressLine(done=120, total=800)
    assert decode(encode_waiting("another reader is building the index")) == \
        ProgressLine(waiting="another reader is building the index")
    assert decode(encode_notice("the text cache was damaged; rebuilt")) == \
        ProgressLine(notice="the text cache was damaged; rebuilt")
    assert decode(encode_finished(800, None)) == ProgressLine(finished=True, added=800)
    assert decode(encode_finished(3, "rebuilt")) == ProgressLine(finished=True, added=3, notice="rebuilt")


def test_a_line_is_one_json_object_and_chinese_stays_readable():
    line = encode_waiting("等待")
    assert "\n" not in line and json.loads(line) == {"waiting": "等待"} and "等待" in line


@pytest.mark.parametrize("text", [
    "", "\n", "not json", "[1, 2]", "3", "null", '"done"', "{}", '{"other": 1}',
    '{"done": 1}', '{"done": "1", "total": 2}', '{"done": -1, "total": 2}', '{"done": true, "total": 2}',
])
def test_anything_else_on_stdout_is_not_a_progress_line(text):
    assert decode(text) is None


def test_a_bad_count_is_dropped_but_the_rest_of_the_line_kept():
    assert decode('{"done": "x", "total": 5, "waiting": "for the lock"}') == ProgressLine(waiting="for the lock")


def test_the_child_writes_only_lines_the_app_reads(seeds, tmp_path):
    """`reader index --progress-lines`, as the app starts it: every line on its stdout is
    a progress line, counting up to the whole, and the last says it finished."""
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-m", "reader", "index", "--progress-lines", "--corpus", str(seeds),
         "--cache-dir", str(tmp_path / "cache")],
        capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    read = [decode(text) for text in proc.stdout.splitlines()]
    assert read and None not in read, proc.stdout
    counts = [(line.done, line.total) for line in read if line.done is not None]
    assert counts and counts[-1][0] == counts[-1][1] > 0
    assert [d for d, _ in counts] == sorted(d for d, _ in counts)
    assert read[-1].finished and read[-1].added == counts[-1][1]
