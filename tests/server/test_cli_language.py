"""`xunren-server` speaks Chinese by default and English with XUNREN_LANG=en (issue 14): every
subcommand's --help, every message and every refusal, with no English words inside the Chinese
(option names, codes, placeholders and a few names such as PostgreSQL excepted)."""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from server import cli_words
from server.cli import _parser, main

# Names that are no English words to translate: protocols, products, a header, the program.
NAMES = {"HTTP", "HTTPS", "TLS", "JSON", "PostgreSQL", "SQLite", "X-Forwarded-For", "xunren-server", "XR", "https", "http"}  # fmt: skip
CJK = re.compile(r"[\u4e00-\u9fff]")


def _commands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    yield path
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                yield from _commands(child, (*path, name))


def _allowed(parser: argparse.ArgumentParser) -> set[str]:
    """Every option name, placeholder, choice and command name the parser tree holds."""
    words: set[str] = set(NAMES)
    for action in parser._actions:
        words.update(action.option_strings)
        metavar = action.metavar if isinstance(action.metavar, str) else None
        words.update(filter(None, [metavar, action.dest.upper()]))
        if action.choices:
            words.update(str(c) for c in action.choices)
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                words |= _allowed(child)
    return words


def english_words(text: str, allowed: set[str]) -> list[str]:
    """ASCII words in *text* that are not allowed (option names, environment variables, URLs and
    paths are no words to translate)."""
    text = re.sub(r"XUNREN_[A-Z_]+|[a-z+]+://[^\s）)，,]*|\S+\.(?:md|json)\b", " ", text)
    tokens = re.findall(r"-{0,2}[A-Za-z][A-Za-z0-9_.-]*[A-Za-z0-9]", text)
    return [t for t in tokens if not t.startswith("--") and t not in allowed and t.strip("-") not in allowed]


def _help(capsys: pytest.CaptureFixture[str], path: tuple[str, ...]) -> str:
    with pytest.raises(SystemExit) as done:
        main([*path, "--help"])
    assert done.value.code == 0
    return capsys.readouterr().out


def test_every_help_in_chinese_by_default_and_in_english_on_request(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("XUNREN_LANG", raising=False)
    tree = _parser()
    allowed = _allowed(tree)
    paths = list(_commands(tree))
    assert ("station", "add") in paths and ("gallery", "withdraw") in paths and len(paths) > 20
    for path in paths:
        text = _help(capsys, path)
        assert CJK.search(text), path
        assert english_words(text, allowed) == [], (path, text)
    monkeypatch.setenv("XUNREN_LANG", "en")
    for path in paths:
        text = _help(capsys, path)
        assert not CJK.search(text.replace("寻人", "")), (path, text)
        assert "usage:" in text


def test_messages_and_help_texts_exist_in_both_languages() -> None:
    allowed = _allowed(_parser()) | {"station", "readmit", "rotate"}  # commands named in the text
    for key, (zh, en) in {**cli_words.MESSAGES, **cli_words.REFUSALS}.items():
        assert CJK.search(zh) and not CJK.search(en), key
        assert set(re.findall(r"\{(\w+)\}", zh)) == set(re.findall(r"\{(\w+)\}", en)), key
        assert english_words(re.sub(r"\{\w+\}", " ", zh), allowed) == [], (key, zh)
    for english, zh in {**cli_words.HELP_ZH, **{v: v for v in cli_words.BUNDLE_REFUSALS.values()}}.items():
        assert english_words(zh, allowed) == [], (english, zh)


def _no_paths(err: str) -> str:
    """*err* without the file names it quotes (a temporary folder's are English-ish)."""
    return re.sub(r"[\w/-]+\.md|(?<![:/])/\S*", " ", err)


def _error(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse's own refusals
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1 and "Traceback" not in captured.err, captured.err
    return code, captured.err


def test_refusals_in_the_operators_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    allowed = _allowed(_parser())
    monkeypatch.delenv("XUNREN_LANG", raising=False)
    damaged_keys = tmp_path / "damaged_keys.json"
    damaged_keys.write_text("{not json", "utf-8")
    cases = [
        (("bundle", "key", "--keys", str(damaged_keys)), 1, "密钥文件", "key file"),
        (("station", "revoke", "999999999", "--db", db), 1, "没有工作站 999999999", "there is no station"),
        (("station", "add", "12345", "某派出所", "--db", db), 2, "9 位数字", "9 digits"),
        (("case", "list", "--db", "mysql://x/y"), 2, "postgresql://", "must start with"),
        (("case", "list", "--db", f"sqlite:///{tmp_path / '未建' / 'x.db'}"), 2, "目录", "does not exist"),
        (("bundle", "import", str(tmp_path / "缺.xsb"), "--db", db, "--keys", str(tmp_path / "k.json")),
         1, "文件不存在", "no such file"),
        (("station", "add", "370783001"), 2, "缺少必需的参数", "the following arguments are required"),
        (("station", "add", "370783001", "某派出所", "--package", str(damaged_keys), "--keys", str(damaged_keys),
          "--db", db), 1, "拒绝写入", "refusing to write"),
        (("serve", "--host", "0.0.0.0", "--db", db), 2, "--allow-insecure-http", "refusing plain HTTP"),
    ]  # fmt: skip
    for argv, code, zh, en in cases:
        got, err = _error(capsys, *argv)
        assert got == code and zh in err, (argv, err)
        assert english_words(_no_paths(err), allowed) == [], (argv, err)
        monkeypatch.setenv("XUNREN_LANG", "en")
        got, err = _error(capsys, *argv)
        assert got == code and en in err and not CJK.search(_no_paths(err).replace("某派出所", "")), (
            argv,
            err,
        )
        monkeypatch.delenv("XUNREN_LANG")
