"""Fixtures for the session store tests: a real redis-server, a fake clock, sample messages."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from trooper.model.conversation import (
    ImagePart,
    Message,
    TextPart,
    ThinkingPart,
    ToolCallPart,
    ToolResultPart,
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class RedisServer:
    """A throwaway redis-server on 127.0.0.1, no persistence."""

    def __init__(self, binary: str, workdir: Path, port: int | None = None) -> None:
        self.binary = binary
        self.workdir = workdir
        self.port = port or free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        args = [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
        args += ["--appendonly", "no", "--daemonize", "no", "--dir", str(self.workdir)]
        self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:  # waiting for a server to come up, not a test sleep
            if self.proc.poll() is not None:
                raise RuntimeError(f"redis-server exited with {self.proc.returncode}")
            try:
                with redis.Redis(port=self.port, socket_timeout=0.2) as client:
                    # ours, not another suite's server that took the same free port first
                    if client.info("server")["process_id"] == self.proc.pid:
                        return
            except redis.ConnectionError:
                pass
            time.sleep(0.02)
        raise RuntimeError("redis-server did not answer within 10 s")

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()
            self.proc = None

    def flush(self) -> None:
        with redis.Redis(port=self.port) as client:
            client.flushdb()


def redis_binary() -> str:
    """The redis-server binary, or a clear failure (a skip with TROOPER_SKIP_REDIS=1)."""
    binary = shutil.which("redis-server")
    if binary is not None:
        return binary
    if os.environ.get("TROOPER_SKIP_REDIS") == "1":
        pytest.skip("redis-server not installed and TROOPER_SKIP_REDIS=1")
    pytest.fail(
        "redis-server is not on PATH: install it (apt-get install redis-server) "
        "or set TROOPER_SKIP_REDIS=1 to skip the Redis tests",
        pytrace=False,
    )


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    server = RedisServer(redis_binary(), tmp_path_factory.mktemp("redis"))
    server.start()
    yield server
    server.stop()


@pytest.fixture()
def redis_url(redis_server: RedisServer) -> str:
    """The shared server's URL, with an empty database."""
    redis_server.flush()
    return redis_server.url


@pytest.fixture()
def every_part() -> list[Message]:
    """A conversation holding every Part kind, with optional fields both set and unset."""
    png = (
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJ"
        "RU5ErkJggg=="
    )
    return [
        Message(
            "user",
            [TextPart('Look at this — ünïcode ✓ "quoted"\n'), ImagePart("image/png", data=png)],
        ),
        Message("user", [ImagePart("image/jpeg", url="https://example.com/cat.jpg")]),
        Message(
            "assistant",
            [
                ThinkingPart("let me think", signature="sig-abc"),
                ThinkingPart("unsigned thought"),
                ThinkingPart("", redacted="EqQBCgIYAhIM-opaque"),
                TextPart(""),
                ToolCallPart(
                    "call_1",
                    "get_weather",
                    {
                        "city": "Paris",
                        "days": 3,
                        "ratio": 0.5,
                        "units": None,
                        "deep": {"a": [1, True, "x"]},
                    },
                ),
                ToolCallPart("call_2", "noop", {}),
            ],
        ),
        Message(
            "user",
            [
                ToolResultPart(
                    "call_1",
                    [TextPart("sunny"), ImagePart("image/png", data=png)],
                    name="get_weather",
                ),
                ToolResultPart("call_2", [], is_error=True),
            ],
        ),
        Message("assistant", [TextPart("It is sunny.")]),
    ]


@pytest.fixture()
def spare_redis(tmp_path: Path) -> Iterator[RedisServer]:
    """A redis-server of the test's own (not started), to stop and restart at will."""
    server = RedisServer(redis_binary(), tmp_path)
    yield server
    server.stop()


@pytest.fixture()
def closed_port_url() -> str:
    """A Redis URL where nothing listens."""
    return f"redis://127.0.0.1:{free_port()}/0"
