"""Words for a scenario's names: the labels readers see instead of identifiers.

A scenario file may give a ``label`` to each actor, parameter and issue, and words for an
issue's levels (``level_labels``); :class:`Labels` answers with the label where there is
one and a readable fallback where there is not (the identifier with dots and underscores
turned into spaces: ``alliance.kappa`` reads "alliance kappa").  Identifiers themselves
belong in the assumptions register only.
"""

from dataclasses import dataclass

#: Words for the channels of a patron's backing (the identifiers are the keys of
#: :data:`~negotiation.scenario.loading.CHANNELS`).
CHANNEL_LABELS = {
    "outside_option": "outside option",
    "disagreement": "aid without a deal",
    "patience": "patience in talks",
    "war": "intervention in a war",
    "power_shift": "faster military growth",
    "substitution": "aid in place of sanctions relief",
}


def words(identifier):
    """The readable fallback of an identifier: dots and underscores become spaces."""
    return " ".join(str(identifier).replace(".", " ").replace("_", " ").split())


@dataclass(frozen=True)
class Labels:
    """The labels of one scenario; build it with ``scenario.labels``."""

    scenario: object

    def actor(self, name):
        spec = self.scenario.actors.get(name) or {}
        return spec.get("label") or words(name)

    def parameter(self, name):
        p = self.scenario.parameters.get(name)
        return (p.label if p is not None and p.label else None) or words(name)

    def unit(self, name):
        """The parameter's unit, or ``None`` (a utility, on the scenario's scale)."""
        p = self.scenario.parameters.get(name)
        return p.unit if p is not None else None

    def issue(self, name):
        issue = self.scenario.issues.get(name) or {}
        return issue.get("label") or words(name)

    def level(self, issue, level):
        """A level as it reads in a package ("partial sanctions relief")."""
        spec = self.scenario.issues.get(issue) or {}
        return (spec.get("level_labels") or {}).get(level) or \
            f"{self.issue(issue)}: {words(level)}"

    def verification(self, level):
        """A verification level as it reads in a sentence ("IAEA monitoring at Yongbyon")."""
        side = self.scenario.settings.get("verification") or {}
        return (side.get("levels") or {}).get(level) or words(level)

    def channel(self, name):
        return CHANNEL_LABELS.get(name) or words(name)

    def package(self, package):
        """What each bargainer gives in ``package`` ({issue: level}), as
        ``{actor: [words, ...]}`` in the order of the issues; the lowest level of an
        issue (no concession) is left out."""
        out = {a: [] for a in self.scenario.bargainers}
        for issue, level in (package or {}).items():
            spec = self.scenario.issues[issue]
            if level == next(iter(spec["levels"])):
                continue
            out.setdefault(spec["side"], []).append(self.level(issue, level))
        return out

    def package_text(self, package):
        """``package`` in one phrase: "the US gives ...; the DPRK gives ..."."""
        if not package:
            return "no package"
        given = self.package(package)
        parts = [f"{self.actor(a)} gives {join(items)}" for a, items in given.items() if items]
        return "; ".join(parts) if parts else "no concessions"


def join(items):
    """``a``, ``a and b``, ``a, b and c``."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
