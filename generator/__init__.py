"""llmcat: an open catalog of LLM models, built into a static site and a JSON API."""

__version__ = "0.1.0"
