"""Files the package writes: each path checked before any work, each file written whole.

:func:`output_path` refuses, in one sentence, a path whose folder is missing or read-only,
a path that is a folder, a symbolic link, a FIFO or another special file, a read-only file,
and a path that is one of the command's own input files (so that a result never replaces
what it was computed from, and a link or a pipe is never silently turned into a file).
:func:`write_file` writes through a temporary file in the same folder and renames it over
the target, so a reader never sees half a file and a failure leaves the old one as it was.
"""

import os
import stat
import tempfile
from pathlib import Path

from .errors import OutputError


def output_path(path, what, inputs=()):
    """``path`` as a :class:`~pathlib.Path`, once it is safe to write ``what`` there.

    Parameters
    ----------
    path : str or os.PathLike
        Where the file goes; its folder must exist.
    what : str
        What is written, for the message (``"the report"``, ``"the table"``).
    inputs : iterable of str or os.PathLike
        Files the result is computed from; writing over one of them is refused.

    Raises
    ------
    OutputError
        Naming the path and what is wrong with it.
    """
    path = Path(path)
    where = f"cannot write {what} to {path}"
    if path.is_symlink():
        raise OutputError(f"{where}: it is a symbolic link; name the file itself or a new one")
    if path.is_dir():
        raise OutputError(f"{where}: it is a folder; name a file in it")
    if path.exists():
        mode = path.stat().st_mode
        if not stat.S_ISREG(mode):
            raise OutputError(f"{where}: it is not a regular file (a pipe, a device or a "
                              "socket)")
        if any(_same_file(path, source) for source in inputs if source is not None):
            raise OutputError(f"{where}: it is an input of this command; name another file")
        if not mode & 0o222 or not os.access(path, os.W_OK):
            raise OutputError(f"{where}: the file is read-only")
    folder = path.parent
    if not folder.is_dir():
        reason = "is not a folder" if folder.exists() else "does not exist"
        raise OutputError(f"{where}: the folder {folder} {reason}")
    if _read_only(folder):
        raise OutputError(f"{where}: the folder {folder} is read-only")
    return path


def output_folder(path, what):
    """The folder ``path``, created with its parents if missing, once files can go there."""
    path = Path(path)
    where = f"cannot write {what} to {path}"
    if path.exists() and not path.is_dir():
        raise OutputError(f"{where}: it is a file, not a folder")
    existing = next(p for p in (path, *path.absolute().parents) if p.exists())
    if not existing.is_dir():
        raise OutputError(f"{where}: {existing} is a file, not a folder")
    if _read_only(existing):
        raise OutputError(f"{where}: the folder {existing} is read-only")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f"{where}: {_reason(error)}") from None
    return path


def _read_only(folder):
    """No one may write in ``folder`` (no write bit: refused even to root), or we may not."""
    return not folder.stat().st_mode & 0o222 or not os.access(folder, os.W_OK | os.X_OK)


def write_file(path, content, what, inputs=()):
    """Write ``content`` to ``path`` whole (checked first by :func:`output_path`).

    ``content`` is ``bytes``, ``str`` (UTF-8) or a function that writes the file at the
    path it is given (``frame.to_csv``, ``figure.savefig`` with an explicit format).
    Returns the path.
    """
    path = output_path(path, what, inputs)
    try:
        fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part",
                                         dir=path.parent)
    except OSError as error:
        raise OutputError(f"cannot write {what} to {path}: {_reason(error)}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            if isinstance(content, str):
                content = content.encode("utf-8")
            if isinstance(content, bytes):
                handle.write(content)
        if callable(content):
            content(temporary)
        with open(temporary, "rb+") as handle:
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except OSError as error:
        _remove(temporary)
        raise OutputError(f"cannot write {what} to {path}: {_reason(error)}") from None
    except BaseException:
        _remove(temporary)
        raise
    return path


def _same_file(path, source):
    try:
        return os.path.samefile(path, source)
    except OSError:
        return False


def _reason(error):
    return (error.strerror or str(error)).lower() if isinstance(error, OSError) else str(error)


def _remove(path):
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
