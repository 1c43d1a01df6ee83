"""Whoosh's file storage, private: every file it creates is 0600 and every folder 0700,
whatever the umask (Whoosh itself creates them as the umask allows, 0644 and 0755)."""

from __future__ import annotations

import os

from whoosh.filedb.filestore import FileStorage

from reader.paths import PRIVATE_DIR_MODE, PRIVATE_FILE_MODE, private_mkdir


class PrivateStorage(FileStorage):
    def create(self):
        private_mkdir(os.path.abspath(self.folder))
        return super().create()

    def create_file(self, name, excl=False, mode="wb", **kwargs):
        f = super().create_file(name, excl=excl, mode=mode, **kwargs)
        try:
            os.fchmod(f.fileno(), PRIVATE_FILE_MODE)
        except BaseException:
            f.close()
            raise
        return f

    def lock(self, name):
        path = self._fpath(name)
        try:  # Whoosh's lock file is created on first use with the umask's mode
            fd = os.open(path, os.O_RDWR | os.O_CREAT, PRIVATE_FILE_MODE)
            os.fchmod(fd, PRIVATE_FILE_MODE)
            os.close(fd)
        except OSError:
            pass  # the lock itself says what is wrong
        return super().lock(name)

    def temp_storage(self, name=None):
        storage = super().temp_storage(name)
        os.chmod(storage.folder, PRIVATE_DIR_MODE)
        return PrivateStorage(storage.folder)


def open_index(path, supports_mmap: bool = False):
    return PrivateStorage(str(path), supports_mmap=supports_mmap).open_index()


def create_index(path, schema):
    return PrivateStorage(str(path)).create().create_index(schema)
