from tests.robots.flow_helpers import registers_fixture as registers  # noqa: F401  (fixture)
