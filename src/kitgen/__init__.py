"""kitgen: turn YAML training content into a facilitator's session pack."""

__version__ = "0.1.0"
