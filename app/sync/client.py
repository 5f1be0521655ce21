"""The HTTP side of sync (requests): one keep-alive session per engine run, typed answers,
typed failures. No retry here: the engine decides, from the planner's rules, what to do next.

The device credential is sent as a bearer header and is never put into an exception, a log line
or a repr.
"""

from __future__ import annotations

import gzip
import ipaddress
import json
from typing import Any
from urllib.parse import urlsplit

import requests

from app.sync import protocol
from app.sync.planner import Verdict, verdict
from app.sync.protocol import rebuild
from app.sync.protocol.screening import ScreeningAnswer

USER_AGENT = f"xunren-station/{protocol.PROTOCOL_VERSION}"


class SyncFailure(Exception):
    """A request did not get a usable answer. ``verdict`` says what to do about it."""

    def __init__(
        self, verdict: Verdict, detail: str, *, status: int = 0, retry_after: str | None = None
    ) -> None:
        super().__init__(detail)
        self.verdict = verdict
        self.detail = detail
        self.status = status
        self.retry_after = retry_after


class InsecureServer(ValueError):
    """Plain HTTP to a host that is not this machine, without explicit permission."""


def is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_url(url: str, *, allow_insecure: bool = False) -> str:
    """The server address without a trailing slash; refuses plain HTTP off this machine."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InsecureServer(f"not a server address: {url!r}")
    if parts.scheme == "http" and not is_loopback(url) and not allow_insecure:
        raise InsecureServer("plain http to another machine would expose the station's data; use https")
    return url.rstrip("/")


class SyncClient:
    """Talks to one server with one device credential."""

    def __init__(self, base_url: str, credential: str | None, *, timeout: float = 30.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.loopback = is_loopback(self.base_url)
        self.timeout = timeout
        self._http = requests.Session()
        self._http.headers["User-Agent"] = USER_AGENT
        if credential:
            self._http.headers["Authorization"] = f"Bearer {credential}"

    def __repr__(self) -> str:  # never shows the credential
        return f"SyncClient({self.base_url})"

    def close(self) -> None:
        self._http.close()

    def _call(self, method: str, path: str, *, raw: bool = False, **kwargs: Any) -> Any:
        try:
            answer = self._http.request(method, self.base_url + path, timeout=self.timeout, **kwargs)
            body = answer.content  # read it all here: a cut-off body is a transport failure
        except requests.RequestException as exc:
            raise SyncFailure(Verdict.RETRY, f"network: {type(exc).__name__}") from None
        what = verdict(answer.status_code)
        if what is not Verdict.OK:
            reason = _reason(body)
            raise SyncFailure(
                what, f"HTTP {answer.status_code} {reason}".strip(), status=answer.status_code,
                retry_after=answer.headers.get("Retry-After"),
            )  # fmt: skip
        if raw:
            return body
        try:
            return json.loads(body)
        except ValueError:
            # A 200 with a broken body: the server may have committed; resending is safe.
            raise SyncFailure(Verdict.RETRY, "the answer was cut off") from None

    def enroll(self, token: str) -> dict[str, Any]:
        data: dict[str, Any] = self._call("POST", "/enroll", json={"token": token})
        return data

    def push(self, body: bytes, *, compress: bool) -> protocol.PushResponse:
        headers = {"Content-Type": "application/json"}
        if compress:
            body = gzip.compress(body, compresslevel=1)
            headers["Content-Encoding"] = "gzip"
        data = self._call("POST", "/sync/push", data=body, headers=headers)
        try:
            return protocol.PushResponse.from_json(data)
        except (KeyError, TypeError, ValueError):
            raise SyncFailure(Verdict.RETRY, "the push answer is malformed") from None

    def pull(self, cursor: int, limit: int) -> protocol.PullResponse:
        data = self._call("GET", "/sync/pull", params={"cursor": cursor, "limit": limit})
        try:
            return protocol.PullResponse.from_json(data)
        except (KeyError, TypeError, ValueError):
            raise SyncFailure(Verdict.RETRY, "the pull answer is malformed") from None

    def screening(self, since: int) -> ScreeningAnswer:
        """The offline national screening index after version *since* (issue 15)."""
        data = self._call("GET", "/sync/screening", params={"since": since})
        try:
            return ScreeningAnswer.read(data)
        except protocol.ProtocolError:
            raise SyncFailure(Verdict.RETRY, "the screening answer is malformed") from None

    def state(self) -> protocol.SyncState:
        data = self._call("GET", "/sync/state")
        try:
            return protocol.SyncState.from_json(data)
        except (KeyError, TypeError, ValueError):
            raise SyncFailure(Verdict.RETRY, "the state answer is malformed") from None

    def rebuild_page(self, after: str, limit: int) -> rebuild.RebuildPage:
        """One page of what the server holds owned by this station (a lost disk's rebuild)."""
        data = self._call("GET", "/sync/rebuild", params={"after": after, "limit": limit})
        try:
            return rebuild.RebuildPage.read(data)
        except protocol.ProtocolError:
            raise SyncFailure(Verdict.RETRY, "the rebuild answer is malformed") from None

    def attachment_status(self, sha256: str) -> dict[str, Any]:
        data: dict[str, Any] = self._call("GET", f"/attachments/{sha256}")
        return data

    def put_chunk(self, sha256: str, index: int, chunk: bytes) -> dict[str, Any]:
        headers = {"Content-Type": "application/octet-stream", "X-Chunk-SHA256": protocol.chunk_sha256(chunk)}
        data: dict[str, Any] = self._call(
            "PUT", f"/attachments/{sha256}/chunks/{index}", data=chunk, headers=headers
        )
        return data

    def get_chunk(self, sha256: str, index: int, record_id: str | None = None) -> bytes:
        """Chunk *index* of an attachment: one this station uploaded (a lost disk's rebuild), or,
        with *record_id*, a photo it holds through a transferred case (issue 14). The caller
        checks the whole file against its SHA-256."""
        params = None if record_id is None else {"record": record_id}
        data: bytes = self._call("GET", f"/attachments/{sha256}/chunks/{index}", raw=True, params=params)
        return bytes(data)

    def complete(self, sha256: str, chunks: int) -> dict[str, Any]:
        data: dict[str, Any] = self._call("POST", f"/attachments/{sha256}/complete", json={"chunks": chunks})
        return data


def _reason(body: bytes) -> str:
    try:
        data = json.loads(body)
    except ValueError:
        return ""
    return str(data.get("reason", "")) if isinstance(data, dict) else ""
