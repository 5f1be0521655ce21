"""Dependencies as ``Annotated`` aliases: settings, a session per request, and who is calling."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from server.services.credentials import Caller, authenticate
from server.services.errors import Forbidden
from server.settings import Settings

_bearer = HTTPBearer(auto_error=False, description="a station's device credential or an operator token")


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _session(request: Request) -> Iterator[Session]:
    with request.app.state.sessions() as session:
        yield session


SettingsDep = Annotated[Settings, Depends(_settings)]
SessionDep = Annotated[Session, Depends(_session)]


def _caller(
    session: SessionDep, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> Caller:
    # Left open on purpose: the route's transaction carries on from this read (see in_transaction).
    return authenticate(session, credentials.credentials if credentials else None)


CallerDep = Annotated[Caller, Depends(_caller)]


def _station(caller: CallerDep) -> Caller:
    if caller.station_id is None:
        raise Forbidden("stations_only", "this endpoint is for enrolled stations")
    return caller


def _operator(caller: CallerDep) -> Caller:
    if caller.operator is None:
        raise Forbidden("operators_only", "this endpoint is for national operators")
    return caller


StationDep = Annotated[Caller, Depends(_station)]
OperatorDep = Annotated[Caller, Depends(_operator)]
