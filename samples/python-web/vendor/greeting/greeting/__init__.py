"""Greeting text for the python-web sample, installed from the build context by pip."""


def greet(name: str, visits: int) -> str:
    """Return the greeting for the visitor count, such as "Hello, Buildlab! I have been seen 3 times."."""
    times = "once" if visits == 1 else f"{visits} times"
    return f"Hello, {name}! I have been seen {times}."
