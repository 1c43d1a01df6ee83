"""Where reader keeps things: the bundled seeds, the cache, the user's data.

Every location can be overridden by a flag or an environment variable, so tests and
scripts never touch the real home directory.
"""

from __future__ import annotations

import os
from pathlib import Path

APP = "reader"
ENV_CORPUS = "READER_CORPUS"
ENV_CACHE = "READER_CACHE_DIR"
ENV_DATA = "READER_DATA_DIR"
ENV_SCREENSHOTS = "READER_SCREENSHOT_DIR"


def user_file(flag: str | os.PathLike | None, env: str, setting: Path | None, config_file: Path | None,
              file_name: str) -> tuple[Path | None, bool]:
    """A file of the user's (synonyms, custom words): *flag*, else ``$env``, else the
    *setting*, else *file_name* beside the settings file *config_file* if it is there — and
    whether it was asked for by name (then it must exist)."""
    if flag:
        return Path(flag).expanduser(), True
    if os.environ.get(env):
        return Path(os.environ[env]).expanduser(), True
    if setting is not None:
        return setting, True
    if config_file is not None:
        candidate = config_file.parent / file_name
        if candidate.is_file():
            return candidate, False
    return None, False


def bundled_seeds() -> Path:
    here = Path(__file__).resolve().parent
    for candidate in (here / "seeds", here.parent / "seeds"):  # wheel, then source tree
        if candidate.is_dir():
            return candidate
    return here.parent / "seeds"


def corpus_dir(flag: str | None = None) -> Path:
    return Path(flag or os.environ.get(ENV_CORPUS) or bundled_seeds()).expanduser()


def cache_dir(flag: str | None = None) -> Path:
    if flag or os.environ.get(ENV_CACHE):
        return Path(flag or os.environ[ENV_CACHE]).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir(APP, appauthor=False))


def screenshot_dir(data: Path | None = None) -> Path:
    """Where the palette's Screenshot saves: ``READER_SCREENSHOT_DIR``, else the user's
    pictures folder when it exists (never created in a home that has none), else
    ``screenshots`` in the data dir."""
    if os.environ.get(ENV_SCREENSHOTS):
        return Path(os.environ[ENV_SCREENSHOTS]).expanduser()
    from platformdirs import user_pictures_dir

    pictures = Path(user_pictures_dir())
    if pictures.is_dir() and pictures != Path.home():
        return pictures
    return Path(data if data is not None else data_dir()) / "screenshots"


def data_dir(flag: str | None = None) -> Path:
    if flag or os.environ.get(ENV_DATA):
        return Path(flag or os.environ[ENV_DATA]).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP, appauthor=False))


# -- private folders --------------------------------------------------------------------------
#
# The cache holds files reader reads back (Whoosh's own pickles among them) and the data
# folder holds the user's notes: both must be the user's alone. As ssh does for ~/.ssh,
# a folder that someone else could have written into is refused, with the command that
# fixes it; folders and files reader created itself with looser modes (earlier versions
# made them 0755/0644) are tightened.

PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600


class UnsafeDirError(Exception):
    """A folder reader refuses to use; the message (one line) says why and how to fix it."""

    def __init__(self, what: str, path: Path, problem: str, fix: str) -> None:
        self.what, self.path, self.problem, self.fix = what, path, problem, fix
        super().__init__(f"refusing to use {what} {path}: {problem}; {fix}")


_checked: dict[str, tuple[int, int]] = {}  # real path -> (device, inode) once checked whole


def _user(uid: int) -> str:
    try:
        import pwd

        return f"{pwd.getpwuid(uid).pw_name}, uid {uid}"
    except (ImportError, KeyError):
        return f"uid {uid}"


def _quote(path: Path | str) -> str:
    import shlex

    return shlex.quote(str(path))


def _writable_by_others(mode: int) -> str | None:
    if mode & 0o002:
        return "it is writable by others"
    if mode & 0o020:
        return "it is writable by its group"
    return None


def private_mkdir(path: Path | str) -> Path:
    """Create *path* and any missing parents as folders of mode 0700 (whatever the umask)."""
    path = Path(path)
    missing = []
    p = path
    while not p.exists() and p != p.parent:
        missing.append(p)
        p = p.parent
    for p in reversed(missing):
        try:
            os.mkdir(p, PRIVATE_DIR_MODE)
        except FileExistsError:
            continue  # another process made it at the same time
        os.chmod(p, PRIVATE_DIR_MODE)
    return path


def private_dir(path: Path | str, what: str = "cache dir", choose: str = "", create: bool = True,
                disposable: bool = False) -> Path:
    """The folder *path*, made safe to read from, or UnsafeDirError.

    Missing: created with mode 0700 (with *create*; else returned as is). Present: it must
    be a folder of the user's (root's folders too when running as root), writable by no one
    else, inside folders no other user can rename it out of; everything in it must be the
    user's. Modes of the user's own entries are tightened (folders 0700, files 0600, as
    earlier versions' 0755/0644); a file others could write to is refused (removing it is the
    fix offered when the folder is *disposable*, a cache). *choose* names the flag or
    variable that picks another folder, for the message. Checked once per process; later
    calls cost one stat."""
    path = Path(path).expanduser()
    real = os.path.realpath(path)
    try:
        st = os.stat(real)
    except FileNotFoundError:
        if not create:
            return path
        _check_ancestors(what, path, Path(real).parent, choose)
        private_mkdir(real)
        st = os.stat(real)
    memo = _checked.get(real)
    if memo == (st.st_dev, st.st_ino) and not st.st_mode & 0o077 and st.st_uid == os.geteuid():
        return path
    other = f"use a folder of your own ({choose})" if choose else "use a folder of your own"
    import stat as stat_

    if not stat_.S_ISDIR(st.st_mode):
        raise UnsafeDirError(what, path, "it is not a folder", other)
    if st.st_uid != os.geteuid():
        raise UnsafeDirError(what, path, f"it belongs to another user ({_user(st.st_uid)})", other)
    loose = _writable_by_others(st.st_mode)
    if loose:
        raise UnsafeDirError(what, path, f"{loose} (mode {stat_.S_IMODE(st.st_mode):04o})",
                             f"run chmod 700 {_quote(path)}")
    _check_ancestors(what, path, Path(real).parent, choose)
    if st.st_mode & 0o077:  # group and others lose their bits; the owner's stay as they are
        os.chmod(real, stat_.S_IMODE(st.st_mode) & 0o700)
    _check_contents(what, path, Path(real), disposable)
    _checked[real] = (st.st_dev, st.st_ino)
    return path


def _check_ancestors(what: str, path: Path, parent: Path, choose: str) -> None:
    """No other user may be able to swap the folder for one of theirs: each folder above
    it belongs to the user or to root, and one writable by everyone has the sticky bit."""
    import stat as stat_

    other = f"use a folder of your own ({choose})" if choose else "use a folder of your own"
    for folder in (parent, *parent.parents):
        try:
            st = os.stat(folder)
        except OSError:
            continue
        if st.st_uid not in (0, os.geteuid()):
            raise UnsafeDirError(what, path, f"the folder {folder} above it belongs to another user "
                                 f"({_user(st.st_uid)})", other)
        if st.st_mode & 0o002 and not st.st_mode & stat_.S_ISVTX:
            raise UnsafeDirError(what, path, f"the folder {folder} above it is writable by others "
                                 f"(mode {stat_.S_IMODE(st.st_mode):04o})", f"run chmod o-w {_quote(folder)} or {other}")


def _check_contents(what: str, path: Path, real: Path, disposable: bool) -> None:
    import stat as stat_

    uid = os.geteuid()
    stack = [real]
    while stack:
        folder = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except FileNotFoundError:
            continue
        for entry in entries:
            try:
                st = entry.stat(follow_symlinks=False)
            except FileNotFoundError:
                continue  # removed meanwhile (another reader's temporary file)
            shown = path / Path(entry.path).relative_to(real)
            if st.st_uid != uid:
                raise UnsafeDirError(what, path, f"{shown} belongs to another user ({_user(st.st_uid)})",
                                     f"remove it (rm -r {_quote(shown)})")
            mode = stat_.S_IMODE(st.st_mode)
            if stat_.S_ISDIR(st.st_mode):
                loose = _writable_by_others(mode)
                if loose:
                    raise UnsafeDirError(what, path, f"{shown}: {loose} (mode {mode:04o})",
                                         f"run chmod 700 {_quote(shown)}")
                if mode & 0o077:
                    os.chmod(entry.path, mode & 0o700)
                stack.append(Path(entry.path))
            elif stat_.S_ISREG(st.st_mode) and mode & 0o022:
                fix = f"remove it (rm {_quote(shown)})" if disposable else f"run chmod 600 {_quote(shown)}"
                raise UnsafeDirError(what, path, f"{shown}: {_writable_by_others(mode)} (mode {mode:04o})", fix)
            elif stat_.S_ISREG(st.st_mode) and mode & 0o077:
                try:
                    os.chmod(entry.path, mode & 0o700)
                except FileNotFoundError:
                    pass
