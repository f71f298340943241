from tests.e2e.browser import browser  # noqa: F401
