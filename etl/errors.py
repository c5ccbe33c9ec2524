"""The error every command shows the user as one clear line, without a traceback."""


class UserError(Exception):
    """An error to show the user as one clear message, without a traceback."""
