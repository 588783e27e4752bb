"""The context engine: token estimates, and anchor + SITREP + tail compaction.

- :mod:`trooper.context.tokens`: ``estimate_text`` / ``estimate_message`` / ``estimate_request``.
- :mod:`trooper.context.compact`: ``compact(req, budget) -> Compaction``.
- :mod:`trooper.context.sitrep`: the rule-based SITREP of the dropped middle.
- :mod:`trooper.context.recall`: BM25 of the dropped turns against the current question.
- :mod:`trooper.context.shorten`: cutting a text or a message from its middle.

Nothing is re-exported here: ``trooper.context.compact`` names the module, not the function.
"""
