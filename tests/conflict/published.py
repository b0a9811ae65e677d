"""The published graph-model conflicts of tests/data/gmcr (see its README), as GraphModels.

Each entry is built through the public API: option form with its reversibilities and
infeasible patterns written as statements, and its preferences as given (a ranking, or the
option-prioritisation statements turned into our statement syntax), so that building them
exercises the statement parser and the prioritisation scores too.
"""

import json
from pathlib import Path

from negotiation.conflict import GraphModel

DATA = Path(__file__).resolve().parents[1] / "data" / "gmcr" / "published.json"
ENTRIES = {m["name"]: m for m in json.loads(DATA.read_text(encoding="utf-8"))["models"]}
WAYS = {"forward_only": "forward", "backward_only": "backward"}


def option_names(entry):
    return [o["name"].replace(" ", "_").lower() for o in entry["options"]]


def literal(names, option, value):
    return names[option] if value == "Y" else f"not {names[option]}"


def statement(names, disjunction):
    """A statement given as a list of conjunctions of [option, "Y"|"N"] literals."""
    return " or ".join("(" + " and ".join(literal(names, o, v) for o, v in conjunction) + ")"
                       for conjunction in disjunction)


def preferences(entry):
    given = entry["preferences_as_given"]
    if "ranking" in given:
        return {dm: {"ranking": ranking} for dm, ranking in given["ranking"].items()}
    names = option_names(entry)
    return {dm: {"prioritisation": [statement(names, s) for s in statements]}
            for dm, statements in given["statements"].items()}


def build(name):
    """The GraphModel of the published entry ``name``."""
    entry = ENTRIES[name]
    dms = [d["name"] for d in entry["dms"]]
    if entry["form"] == "graph":
        states = [str(k) for k in range(1, entry["n_states"] + 1)]
        return GraphModel.graph_form(dms, states, entry["arcs"], preferences(entry), title=name)
    names = option_names(entry)
    options = {d["name"]: [names[k] for k in d["options"]] for d in entry["dms"]}
    ways = {names[k]: WAYS[o["reversibility"]] for k, o in enumerate(entry["options"])
            if o["reversibility"] != "both"}
    infeasible = [" and ".join(literal(names, o, v) for o, v in pattern)
                  for pattern in entry["infeasible_patterns"]]
    return GraphModel.option_form(options, preferences(entry), infeasible, ways, title=name)
