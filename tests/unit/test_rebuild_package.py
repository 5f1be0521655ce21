"""The rebuild package's format (app.sync.rebuild_package): what goes in comes out with the right
passphrase; a wrong passphrase, a member changed, two members swapped, a package cut short or a
failed write are each refused or leave nothing behind; photos stream chunk by chunk."""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import pytest

from app.sync.enrolment_package import PackageRefused, new_passphrase, open_package
from app.sync.rebuild_package import PackageReader, PackageWriter, is_rebuild_package

CODE = "370783001"
BODY = {
    "station": CODE,
    "station_name": "寿光派出所",
    "token": "xe_test",
    "expires_at": "2099-01-01T00:00:00Z",
}


def _write(path: Path, passphrase: str, pages: int = 2) -> None:
    with PackageWriter(path, CODE, passphrase) as package:
        package.enrolment(BODY)
        for n in range(pages):
            package.page(json.dumps({"n": n, "text": f"第 {n} 页"}, ensure_ascii=False))
        package.photo("ab" * 32, iter([b"x" * 10, b"y" * 5]))
        package.photo("ab" * 32, iter([b"never read"]))  # once per SHA-256
        package.photo("cd" * 32, iter([b"z"]))


def test_what_goes_in_comes_out(tmp_path: Path) -> None:
    path, passphrase = tmp_path / "p.xrp", new_passphrase()
    _write(path, passphrase)
    assert os.stat(path).st_mode & 0o777 == 0o600 and is_rebuild_package(path)
    assert not (tmp_path / "p.xrp.part").exists()
    with PackageReader(path, passphrase.replace(" ", "")) as reader:
        assert reader.station == CODE
        assert open_package(reader.enrolment, passphrase) == BODY
        assert [p["text"] for p in reader.pages()] == ["第 0 页", "第 1 页"]
        assert reader.photo("ab" * 32) == b"x" * 10 + b"y" * 5 and reader.photo("cd" * 32) == b"z"
        assert reader.photo("ef" * 32) is None


def test_a_wrong_passphrase_and_a_changed_or_swapped_member_are_refused(tmp_path: Path) -> None:
    path, passphrase = tmp_path / "p.xrp", new_passphrase()
    _write(path, passphrase)
    with pytest.raises(PackageRefused) as refused:
        PackageReader(path, "1" * 24)
    assert refused.value.code == "wrong_passphrase"

    def rewritten(name: str, change: dict[str, str]) -> Path:
        """A copy of the package with members' bytes taken from other members."""
        out = tmp_path / name
        with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w") as dst:
            for item in src.namelist():
                dst.writestr(item, src.read(change.get(item, item)))
        return out

    swapped = rewritten("swapped.xrp", {"pages/000001": "pages/000002", "pages/000002": "pages/000001"})
    with PackageReader(swapped, passphrase) as reader, pytest.raises(PackageRefused) as refused:
        list(reader.pages())
    assert refused.value.code == "damaged"
    with zipfile.ZipFile(path) as src:
        header = json.loads(src.read("header.json"))
    header["station"] = "370783002"
    changed = tmp_path / "header.xrp"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(changed, "w") as dst:
        dst.writestr("header.json", json.dumps(header, sort_keys=True))
        for item in src.namelist()[1:]:
            dst.writestr(item, src.read(item))
    with pytest.raises(PackageRefused) as refused:
        PackageReader(changed, passphrase)  # the manifest no longer opens under another header
    assert refused.value.code == "wrong_passphrase"


def test_a_package_cut_short_or_a_failed_write_is_no_package(tmp_path: Path) -> None:
    path, passphrase = tmp_path / "p.xrp", new_passphrase()
    _write(path, passphrase)
    cut = tmp_path / "cut.xrp"
    cut.write_bytes(path.read_bytes()[:-200])
    assert is_rebuild_package(cut)  # it says what it was meant to be, and is refused as damaged
    with pytest.raises(PackageRefused) as refused:
        PackageReader(cut, passphrase)
    assert refused.value.code == "damaged"
    failed = tmp_path / "failed.xrp"
    with pytest.raises(RuntimeError), PackageWriter(failed, CODE, passphrase) as package:
        package.enrolment(BODY)
        raise RuntimeError("the server's database went away")
    assert not failed.exists() and not (tmp_path / "failed.xrp.part").exists()
    plain = tmp_path / "plain.xep"
    plain.write_text("{}")
    assert not is_rebuild_package(plain)


def test_a_member_compressed_or_too_large_is_refused_before_it_is_read_whole(tmp_path: Path) -> None:
    """The format stores every member as written: a package whose member would inflate on reading
    (a few kilobytes on a stick becoming gigabytes in memory), or is larger than its kind allows,
    is refused as damaged, in words, before the passphrase is even tried."""
    path, passphrase = tmp_path / "p.xrp", new_passphrase()
    _write(path, passphrase)
    inflating = tmp_path / "inflating.xrp"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(inflating, "w") as dst:
        for item in src.namelist():
            kind = zipfile.ZIP_DEFLATED if item == "header.json" else zipfile.ZIP_STORED
            dst.writestr(item, src.read(item), compress_type=kind)
    big = tmp_path / "big.xrp"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(big, "w") as dst:
        for item in src.namelist():
            dst.writestr(item, src.read(item) + (b" " * (70 << 10) if item == "header.json" else b""))
    for package in (inflating, big):
        with pytest.raises(PackageRefused) as refused:
            PackageReader(package, passphrase)
        assert refused.value.code == "damaged"


def test_a_leftover_part_file_is_never_written_through(tmp_path: Path) -> None:
    """A `.part` left by a failed write, or a link planted in its place, is replaced: the package
    is written to a new owner-only file and the link's target is untouched."""
    target = tmp_path / "elsewhere.txt"
    target.write_text("keep me")
    (tmp_path / "p.xrp.part").symlink_to(target)
    path, passphrase = tmp_path / "p.xrp", new_passphrase()
    _write(path, passphrase)
    assert target.read_text() == "keep me" and os.stat(path).st_mode & 0o777 == 0o600
    with PackageReader(path, passphrase) as reader:
        assert reader.station == CODE
