"""The project's references: the literature behind the models and the sources of the case.

One data file, ``references.yaml`` beside this module, holds every work in full (author, date,
title, journal or publisher, DOI or URL); the report's references section and the literature
notes of the documentation are both written from it, so the two never disagree.

A scenario cites a work by writing one of its short forms (``cite``, e.g. ``SIPRI Yearbook
2025`` or ``MSMT report of 29 May 2025``) in a parameter's ``source`` citation, a ``judgement`` or a
description; :func:`cited` finds those short forms in the scenario's text and returns the
full entries, each once.  A ``source`` that names no known work is kept as the file gives it.
"""

from dataclasses import dataclass
from functools import cache
from importlib import resources

__all__ = ["Reference", "cited", "literature", "references", "sources"]


@dataclass(frozen=True)
class Reference:
    """One work, as ``references.yaml`` gives it."""

    key: str
    kind: str  # "literature" or "source"
    cite: str
    author: str
    date: str
    title: str
    in_: str | None = None
    publisher: str | None = None
    doi: str | None = None
    url: str | None = None
    note: str | None = None
    also: tuple = ()  # other short forms that cite it

    @property
    def forms(self):
        """Every short form that cites it, the main one first."""
        return (self.cite, *self.also)

    def cited_in(self, text):
        return any(form in text for form in self.forms)

    @property
    def link(self):
        """Where to read it: the DOI's address, else the URL (or ``None``)."""
        return f"https://doi.org/{self.doi}" if self.doi else self.url

    def text(self, link=True):
        """The full reference in plain text: author (date). Title. Journal. Publisher. Link.

        A source of the case starts with its short form (``SIPRI Yearbook 2025: ...``), the
        words a scenario writes to cite it.
        """
        parts = [f"{self.cite[:1].upper()}{self.cite[1:]}:"] if self.kind == "source" else []
        parts += [f"{self.author} ({self.date}).", _sentence(self.title)]
        parts += [_sentence(p) for p in (self.in_, self.publisher) if p]
        if link and self.link:
            parts.append(self.link)
        return " ".join(parts)

    def to_dict(self):
        return {k.rstrip("_"): v for k, v in self.__dict__.items() if v not in (None, ())}


def _sentence(text):
    text = str(text).strip()
    return text if text.endswith((".", "?", "!")) else text + "."


@cache
def references():
    """Every work, by key, in the order of the data file."""
    import yaml

    data = yaml.safe_load(resources.files(__package__).joinpath("references.yaml")
                          .read_text(encoding="utf-8"))
    out = {}
    for kind, section in (("literature", "literature"), ("source", "sources")):
        for key, entry in data[section].items():
            fields = {("in_" if k == "in" else k): (str(v) if v is not None else None)
                      for k, v in entry.items()}
            forms = entry["cite"] if isinstance(entry["cite"], list) else [entry["cite"]]
            fields.update(cite=str(forms[0]), also=tuple(map(str, forms[1:])))
            out[key] = Reference(key=key, kind=kind, **fields)
    return out


def _by_author(refs):
    return sorted(refs, key=lambda r: (r.author.casefold(), r.date, r.title))


def literature():
    """The literature behind the models and methods, by author and date."""
    return _by_author(r for r in references().values() if r.kind == "literature")


def sources():
    """The sources of the case's facts, by their short form."""
    return sorted((r for r in references().values() if r.kind == "source"),
                  key=lambda r: r.cite.casefold())


def _texts(value):
    """Every string in a scenario's parsed document."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _texts(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _texts(v)


def cited(scenario):
    """The works a scenario cites, and its sources that name no known work.

    Returns ``(works, others)``: ``works`` the :class:`Reference` entries whose short form
    appears in the scenario's text, each once (literature by author, then sources by short
    form); ``others`` the
    ``(citation, url)`` pairs of parameter sources that contain no known short form, each
    once, in file order.
    """
    refs = references().values()
    text = "\n".join(_texts(scenario.data))
    works = [r for r in literature() + sources() if r.cited_in(text)]
    others = []
    for p in scenario.parameters.values():
        citation = str((p.source or {}).get("citation") or "")
        if citation and not any(r.cited_in(citation) for r in refs):
            item = (citation, (p.source or {}).get("url"))
            if item not in others:
                others.append(item)
    return works, others
