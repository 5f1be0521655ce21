"""``xunren-server screening rotate-key --reason TEXT``: replace the screening key (issue 15) when
it was lost or may be known to someone else, in Chinese (default) or English (``XUNREN_LANG=en``).

The rotation is recorded first, then the key file gets the new key
(:mod:`server.services.screening_rotation`); stations accept the new key from the next index
answer they get over their authenticated channel (a sync, or an answer bundle).
``xunren-server screening rotations [--json]`` lists the rotations made.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from server.cli_words import T, lang

MESSAGES: dict[str, tuple[str, str]] = {
    "rotated": ("已更换全国离线索引的签名密钥：旧密钥 {old} → 新密钥 {new}（{at}）",
                "the national offline index's signing key was replaced: old key {old} → new key {new} ({at})"),
    "next": ("各派出所在下一次同步（或导入下一个 U 盘应答包）时经认证通道接受新密钥；此前发出的索引文件仍由旧密钥签名",
             "stations accept the new key at their next sync (or the next answer bundle they import), over "
             "their authenticated channel; index files made before stay signed by the old key"),
    "key_file": ("密钥文件：{file}", "key file: {file}"),
    "none": ("从未更换过签名密钥", "the signing key was never replaced"),
    "row": ("{at}  {old} → {new}", "{at}  {old} → {new}"),
    "missing_screening": ("未更换：找不到全国离线索引的签名密钥文件 {file}（请以运行服务器的系统用户执行，或用 --key-file 或 XUNREN_SCREENING_KEY 指明）",
                          "not replaced: the offline index's signing key file {file} is not there (run this as the "
                          "system user the server runs as, or name it with --key-file or XUNREN_SCREENING_KEY)"),
    "missing_bundle": ("未更换：找不到服务器的 U 盘包密钥文件 {file}（各派出所凭它核对新密钥；请用 XUNREN_BUNDLE_KEYS 指明）",
                       "not replaced: the server's bundle key file {file} is not there (stations check the new key "
                       "against it; name it with XUNREN_BUNDLE_KEYS)"),
}  # fmt: skip


def say(key: str, **values: Any) -> str:
    zh, en = MESSAGES[key]
    return (en if lang() == "en" else zh).format(**values)


def add_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    about = T("the offline national index's signing key")
    parent = sub.add_parser("screening", help=about, description=about)
    actions = parent.add_subparsers(dest="action", metavar="ACTION", required=True)
    rotate = T("replace the signing key (lost, or known to someone else); stations follow at their next sync")
    rotating = actions.add_parser("rotate-key", parents=[common], help=rotate, description=rotate)
    rotating.add_argument("--reason", required=True, metavar="TEXT", help=T("why the key is replaced (kept)"))
    rotating.add_argument(
        "--key-file", metavar="FILE", help=T("the screening key file (env XUNREN_SCREENING_KEY)")
    )
    listed = T("the signing key's rotations")
    listing = actions.add_parser("rotations", parents=[common], help=listed, description=listed)
    listing.add_argument("--json", action="store_true", help=T("print machine-readable JSON"))


def _short(key: str) -> str:
    return f"{key[:16]}…"


def run(args: argparse.Namespace, with_session: Callable[[Callable[[Session], Any]], Any]) -> int:
    # imported here: the national index's modules are heavy, and every other command goes without
    from server.services import screening_rotation
    from server.services.screening_keys import default_key_file

    if args.action == "rotations":
        rows = [r.to_json() for r in with_session(screening_rotation.rotations)]
        if args.json:
            print(json.dumps(rows, ensure_ascii=False))
        for r in [] if args.json else rows:
            print(say("row", at=r["at"], old=_short(r["old"]), new=_short(r["new"])))
        if not rows and not args.json:
            print(say("none"))
        return 0
    path = Path(args.key_file) if args.key_file else default_key_file()
    try:
        rotation, seed = with_session(lambda s: screening_rotation.record_rotation(s, args.reason, path))
    except screening_rotation.KeyFileMissing as missing:
        print(say(f"missing_{missing.kind}", file=missing.path), file=sys.stderr)
        return 1
    screening_rotation.install_key(seed, path)
    print(say("rotated", old=_short(rotation.old), new=_short(rotation.new), at=rotation.at))
    print(say("key_file", file=path))
    print(say("next"))
    return 0
