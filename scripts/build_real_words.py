"""Build ``src/trooper/routing/real_words.txt``: the English words one edit from a word of the
packaged rules, which the router's speller must never "put right" ("plane" near "planet").

Reads the SCOWL word lists as Debian installs them (``apt-get install wamerican wbritish``);
run it again whenever ``rules.toml`` changes (``tests/routing/test_spelling.py`` says when).

Usage:
    python scripts/build_real_words.py [WORDLIST ...]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from trooper.routing.rules import load_rules  # noqa: E402
from trooper.routing.spelling import Speller, digest, vocabulary  # noqa: E402

LISTS = ("/usr/share/dict/american-english", "/usr/share/dict/british-english")
OUT = ROOT / "src" / "trooper" / "routing" / "real_words.txt"
NOTICE = """\
# English words one edit from a word of the packaged rules (rules.toml): the speller never puts
# them right. Built by scripts/build_real_words.py from SCOWL (Spell Checker Oriented Word
# Lists), whose notice follows.
#
# Copyright 2000-2011 by Kevin Atkinson
# Permission to use, copy, modify, distribute and sell these word lists, the associated
# scripts, the output created from the scripts, and its documentation for any purpose is
# hereby granted without fee, provided that the above copyright notice appears in all copies
# and that both that copyright notice and this permission notice appear in supporting
# documentation. Kevin Atkinson makes no representations about the suitability of this array
# for any purpose. It is provided "as is" without express or implied warranty.
#
"""


def main(paths: list[str]) -> int:
    english: set[str] = set()
    for path in paths or LISTS:
        for line in Path(path).read_text(encoding="utf-8", errors="ignore").splitlines():
            # (names too, lower-cased: "france" typed in lower case is not "franc")
            word = line.strip()
            if word.isalpha() and word.isascii():
                english.add(word.lower())
    words = vocabulary(load_rules(None))
    # every English word the speller would change, with no word guarded
    speller = Speller(words, frozenset())
    guarded = sorted(w for w in english if w not in words and len(w) >= 5 and speller.changes(w))
    header = f"{NOTICE}# vocabulary sha256: {digest(words)}\n"
    OUT.write_text(header + "\n".join(guarded) + "\n", encoding="utf-8")
    print(
        f"{len(guarded)} words guarded, of {len(english)} English words; {len(words)} rules words"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
