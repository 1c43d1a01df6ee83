"""reader — read and search Chinese newspaper archives in the terminal."""

__version__ = "0.1.0"
