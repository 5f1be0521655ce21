"""Station settings: `settings show [--json]` and `settings set --theta VALUE` (admin).

The station's settings live in its encrypted store and hold for every officer; today that is
the subpopulation correction θ of every DNA kinship comparison (``app/services/kinship_settings``).
"""

from __future__ import annotations

import argparse

from app.cli.common import emit_json, open_session, say


def settings_show(args: argparse.Namespace, lang: str) -> int:
    from app.services.kinship_settings import kinship_model

    with open_session(args, lang) as session:
        theta = kinship_model(session).theta
    if args.json:
        emit_json({"kinship_theta": theta})
        return 0
    say(
        lang,
        f"亚群校正系数 θ（DNA 亲缘比对）：{theta:g}",
        f"subpopulation correction θ (DNA kinship): {theta:g}",
    )
    return 0


def settings_set(args: argparse.Namespace, lang: str) -> int:
    from app.services.kinship_settings import parse_theta, set_theta

    theta = parse_theta(args.theta)  # a bad value is refused before the station is opened
    with open_session(args, lang) as session:
        requeued = set_theta(session, theta)
    say(
        lang,
        f"亚群校正系数 θ 已设为 {theta:g}；{requeued} 起在办案件将重新比对",
        f"subpopulation correction θ set to {theta:g}; {requeued} active cases will be matched again",
    )
    return 0
