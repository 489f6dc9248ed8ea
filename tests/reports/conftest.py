import pytest

from tests.dashboards.conftest import (  # noqa: F401  (shared fixtures)
    area,
    commune_c,
    hamlet_a2,
    merged_too,
    merger,
    officer_c,
)


@pytest.fixture(autouse=True)
def files_root(settings, tmp_path):
    """Each test its own files folder, so file assertions see only its files."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PORTAL_FILES_ROOT = str(tmp_path / "files")
    return tmp_path / "files"
