"""Enrolling the station with the national server: a one-time token for a device credential.

The credential and the station's signing key are kept inside the encrypted store (the
``sync_state`` table), never in a plain file, never in the audit detail or a log line.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from app.core.model import AccountRole
from app.services import public_address
from app.services.errors import ServiceError
from app.services.session import Session
from app.storage import sync_state as st
from app.storage.numbering import raise_numbers
from app.storage.store import UnitOfWork, Writer
from app.sync import bundle, enrolment_package, protocol
from app.sync.client import InsecureServer, SyncClient, SyncFailure, check_url
from app.sync.sealed import BundleRefused

SYNC_MESSAGES: dict[str, tuple[str, str]] = {
    "insecure_server": (
        "拒绝以明文 HTTP 连接其他主机：请使用 https 地址",
        "refusing plain http to another machine: use an https address",
    ),
    "enrol_refused": ("服务器拒绝了登记令牌：{detail}", "the server refused the enrolment token: {detail}"),
    "enrol_unreachable": ("无法连接服务器：{detail}", "cannot reach the server: {detail}"),
    "enrol_bundle_key_differs": (
        "服务器答复的同步包密钥与登记时给出的（--bundle-key）不一致，未登记：请与国家平台操作员核对密钥"
        "（xunren-server bundle key）和服务器地址，再领取新的登记令牌（这个已用过）",
        "the server answered with another bundle key than the one given (--bundle-key), so the station "
        "was not enrolled: check the key (xunren-server bundle key) and the server address with the "
        "national operator, then ask for a new enrolment token (this one is spent)",
    ),
    "enrol_bad_answer": (
        "服务器的登记答复有误（同步包密钥格式不对），未登记：请国家平台操作员检查服务器",
        "the server's enrolment answer is not right (its bundle key is malformed), so the station was "
        "not enrolled: ask the national operator to check the server",
    ),
    "enrol_wrong_station": (
        "令牌属于工作站 {theirs}，而本站是 {ours}",
        "the token belongs to station {theirs}, this station is {ours}",
    ),
    "not_enrolled": (
        "本站尚未在服务器登记：请管理员运行 enroll",
        "this station is not enrolled with a server: an admin must run enroll",
    ),
    "reenrol": (
        "服务器不再接受本站凭据：请重新登记（待发送的数据都已保留）",
        "the server no longer accepts this station's credential: enrol again (nothing queued was lost)",
    ),
    "sync_unreachable": (
        "暂时无法同步（{detail}）：待发送的数据都已保留，稍后重试",
        "sync could not finish ({detail}): everything queued is kept; try again later",
    ),
    "sync_refused": ("服务器拒绝了请求：{detail}", "the server refused the request: {detail}"),
    "offline_only": (
        "本站用登记包离线登记，没有服务器地址：请用 U 盘同步包同步（sync export 与 sync import）",
        "this station was enrolled offline by package and knows no server address: sync by USB bundle (sync export and sync import)",
    ),
    "package_is_rebuild": ("这是重建包：请加 --rebuild（或在登记对话框中勾选从服务器重建）",
                           "this is a rebuild package: add --rebuild (or tick the rebuild box in the enrolment dialog)"),
    "package_damaged": ("登记包已损坏或不是寻人登记包", "the enrolment package is damaged or not a Xunren enrolment package"),
    "package_wrong_passphrase": ("口令不对，无法打开登记包：请核对国家平台操作员在电话中告知的 24 位数字",
                                 "the passphrase does not open the enrolment package: check the 24 digits the national operator read out"),
    "package_bad_passphrase": ("登记包口令应为 24 位数字（可带空格）", "the package passphrase is 24 digits (spaces allowed)"),
    "package_wrong_station": ("登记包属于工作站 {theirs}，而本站是 {ours}", "the enrolment package is for station {theirs}, this station is {ours}"),
    "package_expired": ("登记包的令牌已于 {at} 过期：请国家平台操作员重新制作登记包",
                        "the enrolment package's token expired at {at}: ask the national operator for a new package"),
    "bundle_bad": ("同步包无法使用：{detail}", "the sync bundle cannot be used: {detail}"),
    # The reason comes already worded in each language (BUNDLE_REASONS below).
    "bundle_refused": ("同步包无法使用：{zh}", "the sync bundle cannot be used: {en}"),
    # issue 15: the reason comes worded in each language (app.services.screening.REASONS)
    "screening_refused": ("全国离线索引被拒收，未作任何更改：{zh}", "the national offline index was refused, nothing was changed: {en}"),
}  # fmt: skip

# Why a bundle (or a bundle key) was refused, by BundleRefused.code, in both languages.
BUNDLE_REASONS: dict[str, tuple[str, str]] = {
    "not_bundle": ("这不是寻人同步包", "not a Xunren sync bundle"),
    "damaged": ("文件已损坏或不是同步包", "the file is damaged or not a sync bundle"),
    "forged": ("签名不符：同步包被改动过或不是服务器制作的", "the signature does not match: the bundle was changed or forged"),
    "wrong_kind": ("这是{kind}方向的同步包，此处需要{expected}方向的", "this is a {kind} bundle, not a {expected} bundle"),
    "undecryptable": ("无法解密：同步包不是发给本站的，或已被改动", "cannot be decrypted: it is not addressed to this station or was changed"),
    "no_server_key": ("不知道服务器的同步包密钥：请用 enroll --bundle-key 登记", "the server's bundle key is unknown: enrol with --bundle-key"),
    "key_format": ("同步包密钥格式应为 xk1.<64 位十六进制>.<64 位十六进制>", "a bundle key looks like xk1.<64 hex>.<64 hex>"),
    "not_enrolled": ("本站尚未在服务器登记", "this station is not enrolled"),
    "wrong_station": ("这个答复属于工作站 {theirs}，而本站是 {ours}", "this answer is for station {theirs}, not {ours}"),
    "answer_before_restore": ("这个答复制作于服务器恢复备份之前，本站已导入更新的答复，未作任何改动", "this answer was made before the server was restored from a backup and a newer one is imported already: nothing was changed"),
}  # fmt: skip


def failure_words(detail: str) -> tuple[str, str]:
    """Why talking to the server failed, in words of both languages ("network: ConnectTimeout" is
    no sentence for an officer, in either)."""
    m = re.match(r"HTTP (\d{3})", detail)
    if detail.startswith("network: "):
        kind = detail.removeprefix("network: ")
        if "Timeout" in kind:
            return "服务器在规定时间内无应答", "the server did not answer in time"
        if kind in ("ConnectionError", "SSLError", "ProxyError"):
            return "无法连接服务器", "the server cannot be reached"
        return "网络故障", "a network failure"
    if m:
        code = int(m.group(1))
        if code == 429:
            return "服务器繁忙（HTTP 429）", "the server is busy (HTTP 429)"
        if code >= 500:
            return f"服务器暂时出错（HTTP {code}）", f"the server had a problem (HTTP {code})"
        return f"服务器拒绝了请求（HTTP {code}）", f"the server refused the request (HTTP {code})"
    if "cut off" in detail:
        return "服务器的应答中断", "the server's answer was cut off"
    if "malformed" in detail or "mismatched" in detail:
        return "服务器的应答有误", "the server's answer was not right"
    return detail, detail


def bundle_refused(exc: BundleRefused) -> SyncError:
    """The service error for a refused bundle, worded in each language from the refusal's code."""
    zh, en = BUNDLE_REASONS.get(exc.code, (str(exc), str(exc)))
    return SyncError("bundle_refused", zh=zh.format(**exc.params), en=en.format(**exc.params))


class SyncError(ServiceError):
    """A sync problem the user can act on; ``text(lang)`` says it in their language."""

    messages = SYNC_MESSAGES


@dataclass(frozen=True, slots=True)
class Enrolment:
    station_code: str
    station_name: str
    server_url: str


def enroll(
    session: Session,
    server_url: str,
    token: str,
    *,
    allow_insecure: bool = False,
    bundle_key: str | None = None,
    writer: Writer | None = None,
) -> Enrolment:
    """Trade *token* for this station's device credential and keep it in the encrypted store.

    Admin only. Audits ``sync.enroll`` with the server address (never the token or credential).
    Re-enrolling keeps the outbox as it is: everything queued is sent with the new credential.
    The desktop calls this on a thread of its own and passes *writer* (the one write goes to the
    database thread); without it the write runs on the calling thread.
    """
    session.require(AccountRole.ADMIN)
    try:
        server_keys = bundle.parse_server_key(bundle_key) if bundle_key else None
    except BundleRefused as exc:
        raise bundle_refused(exc) from None
    try:
        url = check_url(server_url, allow_insecure=allow_insecure)
    except InsecureServer:
        raise SyncError("insecure_server") from None
    client = SyncClient(url, None, timeout=30.0)
    try:
        answer = client.enroll(token)
    except SyncFailure as failure:
        key = "enrol_unreachable" if failure.status == 0 or failure.status >= 500 else "enrol_refused"
        raise SyncError(key, detail=failure_words(failure.detail)) from None
    finally:
        client.close()
    if answer.get("station_code") != session.station.code:
        raise SyncError("enrol_wrong_station", theirs=answer.get("station_code"), ours=session.station.code)
    server_keys = _pinned_keys(server_keys, answer.get("bundle_key"))

    def keep(uow: UnitOfWork) -> None:
        c = uow.cursor
        st.put(c, st.SERVER_URL, url)
        st.put(c, st.CREDENTIAL, str(answer["credential"]))
        st.put(c, st.STATION, session.station.code)
        if st.get(c, st.EPOCH) is None:
            # A known epoch stays: if the server answers with another one, the engine resends.
            st.put(c, st.EPOCH, str(answer["epoch"]))
        bundle.station_keys(c)  # made once: X25519 + Ed25519 for the USB path
        if server_keys is not None:
            st.put(c, st.SERVER_BOX_KEY, server_keys[0])
            st.put(c, st.SERVER_SIGN_KEY, server_keys[1])
        st.put(c, st.AUTH_FAILED, None)
        st.put(c, st.ENROL_TOKEN, None)
        st.put(c, public_address.KEY, public_address.usable(answer.get("public_url")))  # issue 18
        # A reinstalled station never gives again a number the server holds from it.
        raise_numbers(c, protocol.numbers_from_json(answer.get("numbers")))
        uow.audit.record(session.user, "sync.enroll", url, detail=f"station={session.station.code}")

    (writer or session.store.write)(keep)
    return Enrolment(session.station.code, str(answer.get("station_name", "")), url)


def _pinned_keys(given: tuple[str, str] | None, answered: object) -> tuple[str, str] | None:
    """The server's bundle keys to pin: the enrolment answer's (trusted on first use, like the
    rest of that answer), which must be the key an admin gave with ``--bundle-key`` when both are
    there; the given key alone from a server too old to answer with one."""
    if answered is None or answered == "":
        return given
    try:
        theirs = bundle.parse_server_key(str(answered))
    except BundleRefused:
        raise SyncError("enrol_bad_answer") from None
    if given is not None and (given[0].lower(), given[1].lower()) != (theirs[0].lower(), theirs[1].lower()):
        raise SyncError("enrol_bundle_key_differs")
    return theirs


def read_package(path: str) -> bytes:
    """The bytes of the enrolment package at *path*; a problem reading it in the user's words."""
    from pathlib import Path

    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise ServiceError("file_unreadable", path=path, why=exc.strerror or type(exc).__name__) from None


def _expired(expires: str) -> bool:
    try:
        return dt.datetime.fromisoformat(expires) < dt.datetime.now(dt.UTC)
    except (TypeError, ValueError):
        raise SyncError("package_damaged") from None


def enroll_from_package(
    session: Session, data: bytes, passphrase: str, *, writer: Writer | None = None
) -> Enrolment:
    """Enrol offline from an enrolment package (``xunren-server station add --package``) opened
    with the passphrase the national operator read out: keep the server's bundle key, the
    credential derived from the package's one-time token and the token itself, which the first
    ``sync export`` carries to the server (it takes the token on import).

    Admin only. Audits ``sync.enroll`` with target ``package`` (never the token or passphrase).
    Refuses a damaged package, a wrong passphrase, another station's package and an expired
    token, each with its own message, before anything is written. *writer* as for :func:`enroll`.
    """
    session.require(AccountRole.ADMIN)
    if data[:4] == b"PK\x03\x04":  # a zip: app.sync.rebuild_package (app.services.rebuild_usb)
        raise SyncError("package_is_rebuild")
    try:
        body = enrolment_package.open_package(data, passphrase)
        server_keys = bundle.parse_server_key(str(body["server_key"]))
        token, station, expires = str(body["token"]), str(body["station"]), str(body["expires_at"])
    except enrolment_package.PackageRefused as exc:
        raise SyncError(f"package_{exc.code}") from None
    except (BundleRefused, KeyError):
        raise SyncError("package_damaged") from None
    if station != session.station.code:
        raise SyncError("package_wrong_station", theirs=station, ours=session.station.code)
    if _expired(expires):
        raise SyncError("package_expired", at=expires[:16].replace("T", " ") + " UTC")

    def keep(uow: UnitOfWork) -> None:
        c = uow.cursor
        st.put(c, st.SERVER_URL, None)  # no network: the USB path only (a later network enrol sets it)
        st.put(c, st.CREDENTIAL, enrolment_package.offline_credential(token))
        st.put(c, st.ENROL_TOKEN, token)
        st.put(c, st.STATION, session.station.code)
        if st.get(c, st.EPOCH) is None:
            st.put(c, st.EPOCH, str(body.get("epoch")))
        bundle.station_keys(c)
        st.put(c, st.SERVER_BOX_KEY, server_keys[0])
        st.put(c, st.SERVER_SIGN_KEY, server_keys[1])
        st.put(c, st.AUTH_FAILED, None)
        st.put(c, public_address.KEY, public_address.usable(body.get("public_url")))
        raise_numbers(c, protocol.numbers_from_json(body.get("numbers")))
        uow.audit.record(session.user, "sync.enroll", "package", detail=f"station={station} offline=1")

    (writer or session.store.write)(keep)
    return Enrolment(station, str(body.get("station_name", "")), "")
