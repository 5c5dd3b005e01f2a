"""Errors whose message is meant for the user, never shown with a traceback."""


class InputError(Exception):
    """A document or a whole input cannot be read; the message names it and says why."""
