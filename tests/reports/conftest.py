import pytest

from tests.dashboards.conftest import area, hamlet_a2  # noqa: F401  (shared fixtures)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Each test its own media folder, so file assertions see only its files."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"
