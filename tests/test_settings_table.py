"""README's settings table is the settings classes' own description of themselves."""

from __future__ import annotations

import re
from pathlib import Path

from api.settings import ServiceSettings, settings_table

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_lists_every_setting_as_the_classes_describe_it():
    text = README.read_text()
    block = re.search(r"<!-- settings -->\n(.*?)<!-- /settings -->", text, re.S)
    assert block is not None, "README has no <!-- settings --> block"
    assert block[1] == settings_table(), "regenerate it: python -m api.settings"


def test_every_setting_is_described():
    undescribed = [name for name, f in ServiceSettings.model_fields.items() if not f.description]
    assert undescribed == []
