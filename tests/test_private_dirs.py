"""Cache and data folders are the user's alone (issue 17, §2): created 0700 with files 0600
whatever the umask; a folder someone else could have written into is refused, as ssh does
for ~/.ssh, with the command that fixes it; our own older 0755/0644 ones are tightened."""

from __future__ import annotations

import os
import pickle
import stat
import subprocess
import sys
from pathlib import Path

import pytest

SEED_ENV_KEYS = ("READER_CACHE_DIR", "READER_DATA_DIR")


def _reader(*args, cache, data, umask=None, timeout=240):
    env = {**os.environ, "READER_CACHE_DIR": str(cache), "READER_DATA_DIR": str(data)}
    preexec = (lambda: os.umask(umask)) if umask is not None else None
    return subprocess.run([sys.executable, "-m", "reader", *args], capture_output=True, text=True,
                          env=env, timeout=timeout, preexec_fn=preexec)


def _modes(root: Path) -> dict[str, int]:
    out = {".": stat.S_IMODE(root.stat().st_mode)}
    for p in root.rglob("*"):
        out[str(p.relative_to(root))] = stat.S_IMODE(p.lstat().st_mode)
    return out


def _nobody() -> int:
    import pwd

    try:
        return pwd.getpwnam("nobody").pw_uid
    except KeyError:
        return 65534


needs_root = pytest.mark.skipif(os.geteuid() != 0,
                                reason="making a folder another user's takes root (os.chown to nobody)")


def test_a_fresh_run_makes_private_folders_and_files_whatever_the_umask(tmp_path):
    cache, data = tmp_path / "c" / "reader", tmp_path / "d" / "reader"
    for args in (("search", "无锡", "--limit", "1"), ("bookmarks", "list")):
        proc = _reader(*args, cache=cache, data=data, umask=0)
        assert proc.returncode == 0, proc.stderr
    # the database's -wal and -shm exist while it is open: open it as the app does, umask 0
    old = os.umask(0)
    try:
        from reader.store import UserStore

        store = UserStore(data)
        store.set_state(query="x")
        sides = {p.name for p in data.iterdir()}
        assert {"reader.sqlite3", "reader.sqlite3-wal", "reader.sqlite3-shm"} <= sides
        data_modes = _modes(data)
        store.close()
    finally:
        os.umask(old)
    cache_modes = _modes(cache)
    assert any(name.startswith("index/") and name.endswith(".seg") for name in cache_modes)
    assert any(name.endswith(".lock") for name in cache_modes)
    assert any(name.startswith("corpus/") for name in cache_modes)
    for modes in (cache_modes, data_modes):
        for name, mode in modes.items():
            p = (cache if modes is cache_modes else data) / name
            want = 0o700 if p.is_dir() else 0o600
            assert mode == want, f"{name}: {mode:04o}, want {want:04o}"


def _plant(cache: Path, marker: Path) -> None:
    """A pickle that runs code when loaded, at every name reader reads in its cache."""

    class Evil:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    payload = pickle.dumps(Evil())
    for sub in ("corpus", "preview"):
        (cache / sub).mkdir(parents=True, exist_ok=True)
    from reader import cachenames
    from reader.corpus.version import parser_version
    from reader.paths import bundled_seeds

    cachenames.corpus_cache(cache, bundled_seeds(), parser_version()).write_bytes(payload)


def test_a_world_writable_cache_dir_is_refused_and_nothing_in_it_runs(tmp_path):
    cache, data = tmp_path / "cache", tmp_path / "data"
    cache.mkdir()
    marker = tmp_path / "ran"
    _plant(cache, marker)
    os.chmod(cache, 0o777)
    for args in (("search", "无锡"), ("list",), ("show", "x"), ("index",)):
        proc = _reader(*args, cache=cache, data=data)
        assert proc.returncode == 2, (args, proc.stdout, proc.stderr)
        assert proc.stderr == (f"reader: refusing to use cache dir {cache}: it is writable by others "
                               f"(mode 0777); run chmod 700 {cache}\n")
    assert not marker.exists(), "a planted pickle ran"
    assert stat.S_IMODE(cache.stat().st_mode) == 0o777  # refused, not silently changed


def test_a_group_writable_data_dir_is_refused(tmp_path):
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    os.chmod(data, 0o770)
    proc = _reader("bookmarks", "list", cache=tmp_path / "c", data=data)
    assert proc.returncode == 2
    assert proc.stderr == (f"reader: refusing to use data dir {data}: it is writable by its group "
                           f"(mode 0770); run chmod 700 {data}\n")


def test_our_own_older_0755_folders_and_0644_files_are_tightened(tmp_path):
    cache, data = tmp_path / "c", tmp_path / "d"
    old = os.umask(0o022)
    try:
        for folder in (cache / "corpus", data):
            folder.mkdir(parents=True)
        (cache / "corpus" / "junk.bin").write_bytes(b"x")
        (data / "reader.sqlite3").write_bytes(b"")
    finally:
        os.umask(old)
    assert stat.S_IMODE((data / "reader.sqlite3").stat().st_mode) == 0o644
    proc = _reader("bookmarks", "list", cache=cache, data=data)
    assert proc.returncode == 0, proc.stderr
    proc = _reader("list", cache=cache, data=data)
    assert proc.returncode == 0, proc.stderr
    for root in (cache, data):
        for name, mode in _modes(root).items():
            assert mode == (0o700 if (root / name).is_dir() else 0o600), (root, name, oct(mode))


def test_a_file_others_can_write_in_the_cache_is_refused(tmp_path):
    cache = tmp_path / "c"
    (cache / "corpus").mkdir(parents=True, mode=0o700)
    os.chmod(cache, 0o700)
    victim = cache / "corpus" / "c0ffee00-1.pickle"
    victim.write_bytes(b"x")
    os.chmod(victim, 0o666)
    proc = _reader("list", cache=cache, data=tmp_path / "d")
    assert proc.returncode == 2
    assert proc.stderr == (f"reader: refusing to use cache dir {cache}: {victim}: it is writable by others "
                           f"(mode 0666); remove it (rm {victim})\n")


def test_a_folder_above_that_anyone_can_write_is_refused(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o777)  # no sticky bit: anyone can rename our folder and put theirs
    proc = _reader("list", cache=shared / "cache", data=tmp_path / "d")
    assert proc.returncode == 2
    assert f"the folder {shared} above it is writable by others (mode 0777)" in proc.stderr
    os.chmod(shared, 0o1777)  # as /tmp: fine
    proc = _reader("list", cache=shared / "cache", data=tmp_path / "d")
    assert proc.returncode == 0, proc.stderr


@needs_root
def test_another_users_cache_dir_is_refused(tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir(mode=0o755)
    marker = tmp_path / "ran"
    _plant(cache, marker)
    nobody = _nobody()
    for p in (cache, *cache.rglob("*")):
        os.chown(p, nobody, -1)
    proc = _reader("search", "无锡", cache=cache, data=tmp_path / "d")
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"reader: refusing to use cache dir {cache}: it belongs to another user (")
    assert f"uid {nobody})" in proc.stderr and "--cache-dir DIR or READER_CACHE_DIR" in proc.stderr
    assert proc.stderr.count("\n") == 1
    assert not marker.exists()


@needs_root
def test_a_file_planted_by_another_user_in_our_cache_is_refused(tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir(mode=0o700)
    marker = tmp_path / "ran"
    _plant(cache, marker)  # as if planted while the folder was open to all, then chmod 700
    planted = next((cache / "corpus").iterdir())
    os.chown(planted, _nobody(), -1)
    os.chmod(planted, 0o600)
    proc = _reader("search", "无锡", cache=cache, data=tmp_path / "d")
    assert proc.returncode == 2
    assert f"{planted} belongs to another user" in proc.stderr
    assert f"remove it (rm -r {planted})" in proc.stderr
    assert not marker.exists()


async def test_the_app_says_a_refused_folder_and_goes_on_without_it(tmp_path):
    """The app opens with a refused cache and data dir: it says which and why in the app,
    reads nothing from them, keeps its cache in a temporary folder and searches."""
    from reader.cli import build_app, build_parser
    from tui_helpers import ready, wait_for_screen

    cache, data = tmp_path / "cache", tmp_path / "data"
    cache.mkdir()
    marker = tmp_path / "ran"
    _plant(cache, marker)
    os.chmod(cache, 0o777)
    data.mkdir()
    os.chmod(data, 0o777)
    app, session_cache = build_app(build_parser().parse_args(["--cache-dir", str(cache), "--data-dir", str(data)]))
    try:
        assert session_cache is not None and stat.S_IMODE(session_cache.stat().st_mode) == 0o700
        async with app.run_test(size=(160, 50), notifications=True) as pilot:
            await wait_for_screen(pilot, "Cache dir refused", "writable by others", "chmod 700",
                                  "bookmarks are not saved")
            await ready(pilot)
            assert app.engine is not None
        assert not marker.exists()
        assert not (data / "reader.sqlite3").exists()
    finally:
        import shutil

        shutil.rmtree(session_cache, ignore_errors=True)
