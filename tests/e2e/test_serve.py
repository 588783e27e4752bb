"""``trooper serve`` as a user runs it: a real process, settings from the environment, logs on
stderr, safe exposure."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager

from tests.conftest import free_port, wait_until_up
from tests.fakes.upstream import FakeUpstream

KEY = "sk-ant-secret-key-never-logged"


@contextmanager
def serve(env: dict[str, str]) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    port = free_port()
    full = {**os.environ, "TROOPER_PORT": str(port), "TROOPER_STORE": "memory", **env}
    process = subprocess.Popen(
        [sys.executable, "-m", "trooper", "serve"],
        env=full,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    wait_until_up(f"{url}/health", process, 20)
    try:
        yield url, process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            process.wait(10)
        if process.stderr is not None:
            process.stderr.close()


def chat(url: str, text: str, headers: dict[str, str] | None = None) -> int:
    body = json.dumps(
        {
            "model": "claude-sonnet-4-6",
            "max_tokens": 20,
            "messages": [{"role": "user", "content": text}],
        }
    ).encode()
    request = urllib.request.Request(
        f"{url}/v1/messages",
        data=body,
        headers={"content-type": "application/json", "x-api-key": KEY, **(headers or {})},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as err:
        return int(err.code)


def test_json_logs_carry_a_request_id_and_never_a_key_or_prompt(
    fakes: dict[str, FakeUpstream],
) -> None:
    from tests.fakes.upstream import credit_balance

    fakes["anthropic"].always(credit_balance())
    env = {
        "CLAUDE_API_KEY": KEY,
        "CLAUDE_BASE_URL": fakes["anthropic"].url,
        "FALLBACK_URL": fakes["ollama"].url + "/api/chat",
        "TROOPER_LOG_FORMAT": "json",
        "TROOPER_ROUTING": "false",
    }
    with serve(env) as (url, process):
        assert chat(url, "the secret plan is BLUEBIRD") == 200
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=10)
    lines = [json.loads(line) for line in err.splitlines() if line.strip()]
    request_lines = [
        line
        for line in lines
        if "claude failed" in line["msg"] or "Trying provider: ollama" in line["msg"]
    ]
    assert len(request_lines) == 2
    assert len({line["request_id"] for line in request_lines}) == 1
    assert len(request_lines[0]["request_id"]) == 12
    assert KEY not in err
    assert "BLUEBIRD" not in err


def test_prompt_bodies_are_logged_only_when_asked(fakes: dict[str, FakeUpstream]) -> None:
    env = {
        "CLAUDE_API_KEY": KEY,
        "CLAUDE_BASE_URL": fakes["anthropic"].url,
        "TROOPER_LOG_BODIES": "true",
        "TROOPER_ROUTING": "false",
    }
    with serve(env) as (url, process):
        assert chat(url, "the secret plan is BLUEBIRD") == 200
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=10)
    assert "BLUEBIRD" in err
    assert KEY not in err


def test_auth_token_guards_every_route_but_health(fakes: dict[str, FakeUpstream]) -> None:
    env = {
        "CLAUDE_API_KEY": KEY,
        "CLAUDE_BASE_URL": fakes["anthropic"].url,
        "TROOPER_AUTH_TOKEN": "t0ken",
        "TROOPER_ROUTING": "false",
    }
    with serve(env) as (url, _):
        assert chat(url, "hi") == 401
        assert chat(url, "hi", {"X-Trooper-Token": "t0ken"}) == 200
        assert chat(url, "hi", {"X-Trooper-Token": "wrong"}) == 401
        for path in ("/sessions", "/status", "/metrics"):
            try:
                urllib.request.urlopen(f"{url}{path}", timeout=5)
                raise AssertionError(f"{path} answered without the token")
            except urllib.error.HTTPError as err:
                assert err.code == 401


def test_open_bind_without_a_token_refuses_to_start() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "trooper", "serve"],
        env={**os.environ, "TROOPER_BIND": "0.0.0.0", "TROOPER_PORT": str(free_port())},
        capture_output=True,
        text=True,
        timeout=20,
    )
    assert result.returncode == 2
    assert "TROOPER_AUTH_TOKEN" in result.stderr and "TROOPER_ALLOW_OPEN" in result.stderr


def test_bad_setting_stops_with_an_actionable_message() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "trooper", "serve"],
        env={**os.environ, "CONTEXT_WINDOW": "lots"},
        capture_output=True,
        text=True,
        timeout=20,
    )
    assert result.returncode == 2
    assert "CONTEXT_WINDOW must be a whole number, got 'lots'" in result.stderr
    assert "Traceback" not in result.stderr


def test_metrics_count_requests_fallbacks_and_breakers(fakes: dict[str, FakeUpstream]) -> None:
    from tests.fakes.upstream import credit_balance

    fakes["anthropic"].always(credit_balance())
    env = {
        "CLAUDE_API_KEY": KEY,
        "CLAUDE_BASE_URL": fakes["anthropic"].url,
        "FALLBACK_URL": fakes["ollama"].url + "/api/chat",
        "TROOPER_ROUTING": "false",
    }
    with serve(env) as (url, _):
        assert chat(url, "hello") == 200
        with urllib.request.urlopen(f"{url}/metrics", timeout=5) as response:
            text = response.read().decode()
            content_type = response.headers["content-type"]
    assert content_type.startswith("text/plain")
    served = 'dialect="anthropic",outcome="ok",provider="ollama",route="cloud"'
    assert f"trooper_requests_total{{{served}}} 1.0" in text
    assert 'trooper_fallbacks_total{reason="credit_balance"} 1.0' in text
    assert 'trooper_breaker_state{model="claude-sonnet-4-6",provider="claude"} 2.0' in text
    assert "trooper_tokens_saved_total" in text
    assert "trooper_request_seconds_bucket" in text
    assert KEY not in text
