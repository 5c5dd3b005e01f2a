"""diplowatch: German and English news to CAMEO/PLOVER political event data."""

from importlib.metadata import version

__version__ = version("diplowatch")
