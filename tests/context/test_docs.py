"""The examples in the context modules' docstrings run as written."""

from __future__ import annotations

import doctest
from types import ModuleType

import pytest

from trooper.context import literals, recall, shorten, sitrep, tokens


@pytest.mark.parametrize(
    "module", [tokens, sitrep, shorten, recall, literals], ids=lambda m: m.__name__
)
def test_docstring_examples(module: ModuleType) -> None:
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0
