"""An optional LiteLLM proxy on the same fake upstream, installed into a throwaway virtualenv.

    python = ensure_installed(logs)          # /tmp/trooper-bench-litellm, reused if present
    server = start_litellm(python, port, fake_port, logs)

The proxy gets ``sk-ant-bench`` as its master key, so the same ``x-api-key`` header every other
target receives authenticates it, and it serves ``POST /v1/messages`` (Anthropic format) with an
``anthropic/claude-sonnet-4-6`` deployment whose ``api_base`` is the fake upstream.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from servers import Server, start

VENV = Path("/tmp/trooper-bench-litellm")
PACKAGE = "litellm[proxy]"
CONFIG = """\
model_list:
  - model_name: claude-sonnet-4-6
    litellm_params:
      model: anthropic/claude-sonnet-4-6
      api_base: http://127.0.0.1:{fake_port}
      api_key: sk-ant-bench
litellm_settings:
  drop_params: true
  telemetry: false
"""


class LiteLLMUnavailable(RuntimeError):
    """Why there are no LiteLLM figures (install failed or took too long, start failed)."""


def ensure_installed(logs: Path, timeout_s: float = 600.0) -> tuple[Path, float, bool]:
    """The venv's python, the seconds its install took, and whether it was already there."""
    python = VENV / "bin" / "python"
    litellm = VENV / "bin" / "litellm"
    took = VENV / ".install-seconds"
    if litellm.exists():
        return python, float(took.read_text()) if took.exists() else 0.0, True
    logs.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    with (logs / "litellm-install.log").open("wb") as out:
        try:
            subprocess.run(
                [sys.executable, "-m", "venv", str(VENV)], check=True, stdout=out, stderr=out
            )
            subprocess.run(
                [str(python), "-m", "pip", "install", "--quiet", PACKAGE],
                check=True,
                stdout=out,
                stderr=out,
                timeout=timeout_s,
            )
        except subprocess.TimeoutExpired:
            raise LiteLLMUnavailable(
                f"pip install '{PACKAGE}' took over {timeout_s:.0f} s; see litellm-install.log"
            ) from None
        except subprocess.CalledProcessError as err:
            raise LiteLLMUnavailable(
                f"installing '{PACKAGE}' failed ({err}); see litellm-install.log"
            ) from None
    seconds = time.monotonic() - started
    took.write_text(f"{seconds:.1f}")
    return python, seconds, False


def version(python: Path) -> str:
    out = subprocess.run(
        [str(python), "-c", "from importlib.metadata import version; print(version('litellm'))"],
        capture_output=True,
        text=True,
        check=False,
    )
    return out.stdout.strip() or "unknown"


def start_litellm(
    python: Path, port: int, fake_port: int, logs: Path, cpus: set[int] | None = None
) -> Server:
    config = logs / "litellm.yaml"
    config.write_text(CONFIG.format(fake_port=fake_port))
    env = {
        "LITELLM_MASTER_KEY": "sk-ant-bench",
        "LITELLM_LOCAL_MODEL_COST_MAP": "True",
        "LITELLM_LOG": "ERROR",
    }
    argv = [str(python.parent / "litellm"), "--config", str(config), "--port", str(port)]
    try:
        return start(
            "litellm",
            argv,
            port,
            logs,
            env=env,
            health="/health/liveliness",
            cpus=cpus,
            timeout_s=120,
        )
    except (RuntimeError, TimeoutError) as err:
        raise LiteLLMUnavailable(f"the LiteLLM proxy did not start: {err}") from None
