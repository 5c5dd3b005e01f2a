"""The actor knowledge base: states, organisations, persons, named groups, sector nouns.

Bundled data lives in `data/actors/` and `data/lang/<lang>/`; users add their own
YAML files (`--actors FILE`) with the same sections. Everything is validated on load,
and every error names the file and the entry, so a typo in a user's dictionary is a
clear message, not a silent miss.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from diplowatch.errors import InputError
from diplowatch.knowledge import load_yaml, parse_yaml
from diplowatch.model import Actor
from diplowatch.phoenix import read_actors

LANGS = ("de", "en")
# a country (or IGO) code and sector groups; PETRARCH dictionaries also have G77, ITHTV
_CODE = re.compile(r"^[A-Z0-9]{3}[A-Z0-9]{0,15}$")
COUNTRY_FIELDS = ("names", "adjectives", "demonyms", "capitals", "seats", "seats_mil")
USER_SECTIONS = ("countries", "organisations", "persons", "named", "agents", "context")


def actor_of(code: str) -> Actor:
    """The Actor of a CAMEO actor code: country is its first three letters, sector the next."""
    country, sector = code[:3], code[3:6] or None
    return Actor(code=code, country=country, sector=None if country == "IGO" else sector)


@dataclass(frozen=True, slots=True)
class Role:
    """A code an entity carries for a period (open ends are None)."""

    code: str
    start: dt.date | None = None
    end: dt.date | None = None
    title: str | None = None

    @property
    def dated(self) -> bool:
        return self.start is not None or self.end is not None

    def covers(self, day: dt.date) -> bool:
        """True if the role is in force on that day."""
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class Entity:
    """A person or named group: its names and the codes it carries over time."""

    entity_id: str
    names: tuple[str, ...]
    short: tuple[str, ...]
    roles: tuple[Role, ...]
    kind: str = "person"  # or "named": an organisation with a fixed country and sector
    langs: tuple[str, ...] = LANGS  # the languages whose texts its names are matched in

    def actor_at(self, day: dt.date | None) -> Actor | None:
        """The actor this entity is on a day.

        A dated role in force wins; else the undated role (the entity's code outside its
        terms, e.g. DEUELI for a former chancellor); else the country of its roles with
        no sector, so a minister outside the term is never coded as government. With no
        date, the most recent role counts.
        """
        dated = [r for r in self.roles if r.dated]
        if day is None:
            latest = max(dated, key=lambda r: r.start or dt.date.min, default=None)
            chosen = latest or next(iter(self.roles), None)
            return actor_of(chosen.code) if chosen else None
        current = [r for r in dated if r.covers(day)]
        if current:
            return actor_of(current[0].code)
        undated = next((r for r in self.roles if not r.dated), None)
        if undated:
            return actor_of(undated.code)
        countries = {actor_of(r.code).country for r in self.roles}
        if len(countries) != 1:
            return None
        country = countries.pop()
        return Actor(code=country, country=country, sector=None)


@dataclass(slots=True)
class KnowledgeBase:
    """Everything the actor recogniser knows, merged from bundled and user files."""

    countries: dict[str, dict[str, Any]] = field(default_factory=dict)
    organisations: dict[str, dict[str, Any]] = field(default_factory=dict)
    entities: dict[str, Entity] = field(default_factory=dict)
    agents: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    context: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)


# --- loading ------------------------------------------------------------------------


@lru_cache(maxsize=8)
def load_knowledge(user_files: tuple[str, ...] = ()) -> KnowledgeBase:
    """The bundled knowledge plus the user's files (later files extend earlier ones)."""
    kb = KnowledgeBase()
    _add_countries(kb, load_yaml("actors/countries.yaml"), "countries.yaml")
    _add_organisations(kb, load_yaml("actors/igos.yaml"), "igos.yaml")
    _add_entities(kb, load_yaml("actors/named.yaml"), "named.yaml", kind="named")
    for name, data in _bundled_persons():
        _add_entities(kb, data, name)
    for lang in LANGS:
        _add_agents(kb, lang, load_yaml(f"lang/{lang}/agents.yaml"), f"lang/{lang}/agents.yaml")
        _add_context(kb, lang, load_yaml(f"lang/{lang}/context.yaml"), f"lang/{lang}/context.yaml")
    for path in user_files:
        _add_user_file(kb, Path(path))
    return kb


def _bundled_persons() -> Iterable[tuple[str, Any]]:
    """The person files, the generated base first so curated files refine it."""
    folder = resources.files("diplowatch").joinpath("data/actors/persons")
    files = sorted(folder.iterdir(), key=lambda f: (not f.name.endswith(".json"), f.name))
    for file in files:
        text = file.read_text(encoding="utf-8")
        data = json.loads(text) if file.name.endswith(".json") else parse_yaml(text)
        yield f"persons/{file.name}", data


def _add_user_file(kb: KnowledgeBase, path: Path) -> None:
    """A user's actor file: diplowatch YAML, or a PETRARCH/TABARI `.actors` dictionary."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"{path}: cannot read the actor file: {err}") from None
    if path.suffix.lower() == ".actors" or path.name.lower().endswith(".actors.txt"):
        _add_entities(kb, phoenix_entities(text, str(path)), str(path))
        kb.sources.append(str(path))
        return
    try:
        data = parse_yaml(text)
    except Exception as err:  # yaml errors carry line and column
        raise InputError(f"{path}: not valid YAML: {err}") from None
    if not isinstance(data, dict) or not set(data) <= set(USER_SECTIONS):
        raise InputError(
            f"{path}: an actor file is a mapping with sections {', '.join(USER_SECTIONS)}"
        )
    where = str(path)
    _add_countries(kb, data.get("countries") or {}, where)
    _add_organisations(kb, data.get("organisations") or {}, where)
    _add_entities(kb, data.get("persons") or {}, where)
    _add_entities(kb, data.get("named") or {}, where, kind="named")
    for lang, agents in (data.get("agents") or {}).items():
        _add_agents(kb, lang, agents, where)
    for lang, rules in (data.get("context") or {}).items():
        _add_context(kb, lang, rules, where)
    kb.sources.append(where)


def phoenix_entities(text: str, origin: str) -> dict[str, dict[str, Any]]:
    """A `.actors` dictionary as entity entries of the persons/named schema."""
    entries: dict[str, dict[str, Any]] = {}
    for entry in read_actors(text, origin):
        if not entry["roles"]:
            continue
        key = entry["id"]
        while key in entries:
            key += "-x"
        entries[key] = {"names": entry["names"], "roles": entry["roles"]}
    return entries


def _mapping(data: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(data, dict):
        raise InputError(f"{where}: expected a mapping of entries")
    return data


def _check_code(code: Any, where: str) -> str:
    if not isinstance(code, str) or not _CODE.match(code):
        raise InputError(f"{where}: {code!r} is not a CAMEO actor code (such as PRKGOV)")
    return code


def _strings(value: Any, where: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
        raise InputError(f"{where}: expected a list of names")
    return [str(v) for v in value]


def _add_countries(kb: KnowledgeBase, data: Any, source: str) -> None:
    for code, entry in _mapping(data, source).items():
        where = f"{source}: {code}"
        _check_code(code, where)
        entry = _mapping(entry, where)
        merged = kb.countries.setdefault(code, {"ambiguous_forms": []})
        merged["kind"] = entry.get("kind", merged.get("kind", "state"))
        for lang in LANGS:
            fields = _mapping(entry.get(lang) or {}, f"{where}.{lang}")
            target = merged.setdefault(lang, {})
            for name in COUNTRY_FIELDS:
                values = _strings(fields.get(name), f"{where}.{lang}.{name}")
                target[name] = [*target.get(name, []), *values]
        merged["ambiguous_forms"] = _merge_ambiguous(
            merged["ambiguous_forms"], entry.get("ambiguous_forms"), f"{where}.ambiguous_forms"
        )


def _merge_ambiguous(old: Any, new: Any, where: str) -> Any:
    """Ambiguous forms are a list (every language) or a mapping per language."""
    if not new:
        return old
    if isinstance(new, dict):
        merged = dict(old) if isinstance(old, dict) else {lang: list(old) for lang in LANGS}
        for lang, forms in new.items():
            merged[lang] = [*merged.get(lang, []), *_strings(forms, f"{where}.{lang}")]
        return merged
    if isinstance(old, dict):
        return {lang: [*old.get(lang, []), *_strings(new, where)] for lang in LANGS}
    return [*old, *_strings(new, where)]


def _add_organisations(kb: KnowledgeBase, data: Any, source: str) -> None:
    for key, entry in _mapping(data, source).items():
        where = f"{source}: {key}"
        entry = _mapping(entry, where)
        merged = kb.organisations.setdefault(key, {"ambiguous_forms": []})
        merged["cameo"] = _check_code(entry.get("cameo", merged.get("cameo")), f"{where}.cameo")
        for lang in LANGS:
            names = _strings(_mapping(entry.get(lang) or {}, where).get("names"), f"{where}.{lang}")
            merged.setdefault(lang, {"names": []})["names"] += names
        merged["ambiguous_forms"] = _merge_ambiguous(
            merged["ambiguous_forms"], entry.get("ambiguous_forms"), f"{where}.ambiguous_forms"
        )


def _add_entities(kb: KnowledgeBase, data: Any, source: str, kind: str = "person") -> None:
    """Persons and named groups; a curated entry refines the generated one of the same id."""
    for key, entry in _mapping(data, source).items():
        if key.startswith("_"):
            continue
        where = f"{source}: {key}"
        entry = _mapping(entry, where)
        names = tuple(_strings(entry.get("names"), f"{where}.names"))
        if not names:
            raise InputError(f"{where}: an entry needs at least one name")
        roles = tuple(_role(r, f"{where}.roles") for r in entry.get("roles") or [])
        if "code" in entry:
            roles += (Role(_check_code(entry["code"], f"{where}.code")),)
        if not roles:
            raise InputError(f"{where}: an entry needs `code` or `roles`")
        short = tuple(_strings(entry.get("short"), f"{where}.short"))
        langs = _langs(entry.get("lang"), f"{where}.lang")
        previous = kb.entities.get(key)
        if previous is not None:
            names = tuple(dict.fromkeys(previous.names + names))
            short = tuple(dict.fromkeys(previous.short + short))
            roles = _refine(previous.roles, roles)
        kb.entities[key] = Entity(key, names, short, roles, kind, langs)


def _langs(value: Any, where: str) -> tuple[str, ...]:
    if value in (None, "any"):
        return LANGS
    if value in LANGS:
        return (value,)
    raise InputError(f"{where}: {value!r} is not a language (any, {', '.join(LANGS)})")


def _refine(base: tuple[Role, ...], curated: tuple[Role, ...]) -> tuple[Role, ...]:
    """Curated roles replace generated ones from the start of the curated record on.

    The generated base (Phoenix, up to 2014) leaves terms open that have since ended;
    where a curated file covers a person, its terms are the truth from its first date.
    """
    starts = [r.start for r in curated if r.start]
    if not starts:
        return base + curated
    cutoff = min(starts)
    kept = []
    for role in base:
        if not role.dated or (role.start or dt.date.min) >= cutoff:
            continue
        if role.end is None or role.end >= cutoff:
            role = Role(role.code, role.start, cutoff - dt.timedelta(days=1), role.title)
        kept.append(role)
    undated = [r for r in base if not r.dated]
    return (*curated, *kept, *undated)


def _role(raw: Any, where: str) -> Role:
    raw = _mapping(raw, where)
    unknown = set(raw) - {"code", "from", "to", "title", "precision", "uncertain", "note"}
    if unknown:
        raise InputError(f"{where}: unknown role field(s) {sorted(unknown)}")
    return Role(
        code=_check_code(raw.get("code"), where),
        start=_date(raw.get("from"), where),
        end=_date(raw.get("to"), where),
        title=raw.get("title"),
    )


def _date(value: Any, where: str) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise InputError(f"{where}: {value!r} is not a date (YYYY-MM-DD)") from None


def _add_agents(kb: KnowledgeBase, lang: str, data: Any, source: str) -> None:
    merged = kb.agents.setdefault(lang, {})
    for sector, nouns in _mapping(data, source).items():
        if not re.fullmatch(r"[A-Z]{3}", str(sector)):
            raise InputError(f"{source}: {sector!r} is not a CAMEO agent code (GOV, MIL, ...)")
        merged.setdefault(sector, []).extend(_strings(nouns, f"{source}: {sector}"))


def _add_context(kb: KnowledgeBase, lang: str, data: Any, source: str) -> None:
    rules = kb.context.setdefault(lang, [])
    for number, rule in enumerate(data or [], start=1):
        where = f"{source}: rule {number}"
        rule = _mapping(rule, where)
        forms = _strings(rule.get("forms"), f"{where}.forms")
        if "group" in rule:
            rules.append({"forms": forms, "group": int(rule["group"])})
            continue
        codes = [
            _check_code(c, f"{where}.when") for c in _strings(rule.get("when"), f"{where}.when")
        ]
        rules.append({"forms": forms, "code": _check_code(rule.get("code"), where), "when": codes})
