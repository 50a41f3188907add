"""wor: the command-line tool for Welzijn op Recept (social prescribing) coaches."""

__version__ = "0.1.0"
