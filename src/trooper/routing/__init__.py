"""Routing: the deterministic classifier that keeps simple turns off the cloud, and its rules.

>>> from trooper.routing import Classifier
>>> Classifier.from_file(None).rules.limits.max_words
20
"""

from trooper.routing.classifier import Classifier, Decision
from trooper.routing.rules import RulesError

__all__ = ["Classifier", "Decision", "RulesError"]
