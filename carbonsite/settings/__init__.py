"""Settings per mode: ``base`` is shared; ``dev``, ``test`` and ``production`` build on it."""
