"""Access to the knowledge files shipped in the package (`diplowatch/data/`).

Engine modules ask for their data by name here, so the data layout is known in one
place and users' own files can be merged in the same way.
"""

from __future__ import annotations

import re
from importlib import resources
from typing import Any

import yaml

# libyaml's parser where the wheel has it (ten times faster on the large person files).
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _WordLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """YAML 1.2 booleans only: in word lists "no", "on", "y" and "n" are words, not flags."""


_WordLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_WordLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf")
)


def parse_yaml(text: str) -> Any:
    """YAML text parsed the way all knowledge files are (only true/false are booleans)."""
    return yaml.load(text, Loader=_WordLoader)


def data_text(name: str) -> str:
    """The text of a bundled data file, by its path below `diplowatch/data/`."""
    return resources.files("diplowatch").joinpath(f"data/{name}").read_text(encoding="utf-8")


def load_yaml(name: str) -> Any:
    """A bundled YAML data file, parsed."""
    return parse_yaml(data_text(name))
