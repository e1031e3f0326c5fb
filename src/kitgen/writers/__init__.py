"""The writers: each makes one kind of file from the render context (see :mod:`kitgen.writers.base`)."""
