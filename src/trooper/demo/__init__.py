"""``trooper demo``: the scripted story, played against a real Trooper server.

With no flag, the cloud and the local model are simulated (no keys, no Ollama needed); with
``--live``, the same story runs against the keys and the Ollama in the environment.
"""

from trooper.demo.story import run_demo

__all__ = ["run_demo"]
