"""The tree model: plain dataclasses built from a structurally valid document."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from importlib import resources
from typing import Any

from .located import LocDict, LocList, Pos

FIXED_LABEL = "Yes, that fixed it"
NOT_FIXED_LABEL = "No, it still doesn't work"
# How a visit can end: the schema's enum is the one list of outcomes. Below, the badge each known one gets
# (sites rename them with the plugin's `outcome_labels` option); an outcome added to the schema without a
# label here gets its own name as its badge ("needs-update" -> "Needs update"), never a KeyError.
OUTCOMES: tuple[str, ...] = tuple(
    json.loads(resources.files("build_tools").joinpath("schema", "tree.schema.json").read_text("utf-8"))[
        "$defs"
    ]["resolution"]["properties"]["outcome"]["enum"]
)
OUTCOME_LABELS = {
    "fixed": "Fixed",
    "wait": "Wait it out",
    "contact-support": "Contact support",
    "by-design": "Working as intended",
}


def outcome_labels(overrides: Mapping[str, str]) -> dict[str, str]:
    """The badge of every outcome in the schema: the site's text, else the default, else its name."""
    return {
        o: overrides.get(o) or OUTCOME_LABELS.get(o) or o.replace("-", " ").capitalize() for o in OUTCOMES
    }


PLATFORMS = {"ios": "iPhone or iPad", "android": "Android", "web": "Web browser"}
NODE_DATES = ("review_by", "valid_from", "valid_until")


class Kind(StrEnum):
    QUESTION = "question"
    STEP = "step"
    RESOLUTION = "resolution"


class Role(StrEnum):
    """What a link is for. Only answers and a step's two buttons are branches of the graph."""

    ANSWER = "answer"
    FIXED = "fixed"
    NOT_FIXED = "not_fixed"
    STILL_STUCK = "still_stuck"
    RELATED = "related"
    FAQ = "faq"
    MOVED = "moved"  # a page that was here once, and where its address now leads

    @property
    def is_branch(self) -> bool:
        return self in (Role.ANSWER, Role.FIXED, Role.NOT_FIXED)


@dataclass(frozen=True)
class Link:
    """A way on from a node (an answer, a step's fixed / not fixed button) or a see-also link."""

    label: str
    target: str
    pos: Pos
    role: Role = Role.ANSWER
    fallback: bool = False  # the answer for someone none of the others fits: shown last


@dataclass(frozen=True)
class Text:
    """Markdown written by a contributor, with where it starts (for located errors)."""

    field: str
    value: str
    pos: Pos

    def pos_at(self, offset: int) -> Pos:
        """Where character `offset` of the text is in its file (a block scalar's lines all start at its
        indentation, which is the column of `pos`)."""
        before = self.value[:offset]
        newlines = before.count("\n")
        if newlines == 0:
            return Pos(self.pos.line, self.pos.col + offset)
        return Pos(self.pos.line + newlines, self.pos.col + offset - (before.rfind("\n") + 1))


@dataclass
class Node:
    tree: str
    id: str
    kind: Kind
    title: str
    pos: Pos
    body: str = ""
    platforms: dict[str, str] = field(default_factory=dict)
    links: list[Link] = field(default_factory=list)
    outcome: str | None = None
    causes: list[tuple[str, Pos]] = field(default_factory=list)
    still_stuck: list[Link] = field(default_factory=list)
    texts: list[Text] = field(default_factory=list)
    # Ids from sources.yaml backing this page's facts, and whether it is general know-how instead.
    sources: list[tuple[str, Pos]] = field(default_factory=list)
    general: bool = False
    # Dates written as "YYYY-MM-DD", with where: when to check the facts again, and the span of the
    # time-bound event the page is about (see rules/dates.py and the page's date note).
    dates: dict[str, tuple[str, Pos]] = field(default_factory=dict)
    # A question that offers the explanations of how things work before the generic fixes (rules/fallback.py).
    how_it_works: bool = False

    @property
    def key(self) -> tuple[str, str]:
        return (self.tree, self.id)

    def link(self, role: Role) -> Link | None:
        return next((link for link in self.links if link.role is role), None)


@dataclass(frozen=True)
class Faq:
    question: str
    answer: str
    link: Link


@dataclass
class Tree:
    id: str
    path: str
    title: str
    summary: str
    reviewed: str | None  # deprecated and ignored: kept only so older files still load
    reviewed_pos: Pos | None
    symptoms: list[str]
    start: str
    start_pos: Pos
    nodes: dict[str, Node]
    related: list[Link] = field(default_factory=list)
    faq: list[Faq] = field(default_factory=list)
    texts: list[Text] = field(default_factory=list)  # tree-level text shown on the site, for safety checks
    # Node ids this tree no longer has, each with where its old address leads (label: the old id).
    moved: list[Link] = field(default_factory=list)
    review_by: tuple[str, Pos] | None = None  # the date for every node that has none of its own
    generic: bool = False  # the generic fixes: for when something is broken, whatever the situation

    def review_date(self, node: Node) -> tuple[str, Pos] | None:
        """When a node's facts are due to be checked again: its own `review_by`, else its tree's."""
        return node.dates.get("review_by", self.review_by)

    def links(self) -> list[Link]:
        """Every link written in this tree: branches of every node, then see-also, FAQ and moved links."""
        out = [link for node in self.nodes.values() for link in (*node.links, *node.still_stuck)]
        return out + self.related + [f.link for f in self.faq] + self.moved


_FIRST = Pos(1, 1)


@dataclass(frozen=True)
class Cause:
    id: str
    title: str
    explanation: str
    pos: Pos = _FIRST  # of its id in causes.yaml
    texts: tuple[Text, ...] = ()  # its title and explanation, with where each starts


def _links(seq: Any, role: Role) -> list[Link]:
    if not isinstance(seq, LocList):
        return []
    return [Link("", target, pos, role) for target, pos in zip(seq, seq.item_pos, strict=True)]


def build_node(tree_id: str, node_id: str, data: LocDict, pos: Pos) -> Node:
    vp = data.value_pos
    texts: list[Text] = []
    if "question" in data:
        node = Node(tree_id, node_id, Kind.QUESTION, data["question"], pos, body=data.get("help", ""))
        node.links = [
            Link(a["answer"], a["next"], a.value_pos["next"], fallback=a.get("fallback") is True)
            for a in data["answers"]
        ]
        texts += [Text("answer", a["answer"], a.value_pos["answer"]) for a in data["answers"]]
        if "help" in data:
            texts.append(Text("help", data["help"], vp["help"]))
        node.how_it_works = data.get("how_it_works") is True
    elif "step" in data:
        node = Node(tree_id, node_id, Kind.STEP, data["step"], pos, body=data.get("body", ""))
        node.links = [
            Link(FIXED_LABEL, data["fixed"], vp["fixed"], Role.FIXED),
            Link(NOT_FIXED_LABEL, data["not_fixed"], vp["not_fixed"], Role.NOT_FIXED),
        ]
    else:
        node = Node(
            tree_id,
            node_id,
            Kind.RESOLUTION,
            data["resolution"],
            pos,
            body=data["body"],
            outcome=data["outcome"],
        )
        node.causes = list(zip(data["causes"], data["causes"].item_pos, strict=True))
        node.still_stuck = _links(data.get("still_stuck"), Role.STILL_STUCK)
    cited = data.get("sources")
    if isinstance(cited, LocList):
        node.sources = list(zip(cited, cited.item_pos, strict=True))
    node.general = data.get("general") is True
    node.dates = {k: (data[k], vp[k]) for k in NODE_DATES if k in data}
    title_key = node.kind.value
    texts.append(Text(title_key, node.title, vp[title_key]))
    if "body" in data:
        texts.append(Text("body", data["body"], vp["body"]))
    platforms = data.get("platforms")
    if isinstance(platforms, LocDict):
        node.platforms = {k: platforms[k] for k in PLATFORMS if k in platforms}
        texts += [Text(f"platforms.{k}", v, platforms.value_pos[k]) for k, v in node.platforms.items()]
    node.texts = texts
    return node


def build_tree(tree_id: str, path: str, data: LocDict) -> Tree:
    """Build the model of a document that passed the schema check."""
    nodes_data: LocDict = data["nodes"]
    nodes = {nid: build_node(tree_id, nid, nd, nodes_data.key_pos[nid]) for nid, nd in nodes_data.items()}
    faq = [
        Faq(f["question"], f["answer"], Link(f["question"], f["link"], f.value_pos["link"], Role.FAQ))
        for f in data.get("faq", [])
    ]
    vp = data.value_pos
    texts = [Text("title", data["title"], vp["title"]), Text("summary", data["summary"], vp["summary"])]
    texts += [
        Text("symptoms", v, pos) for v, pos in zip(data["symptoms"], data["symptoms"].item_pos, strict=True)
    ]
    for f in data.get("faq", []):
        texts += [Text(f"faq.{k}", f[k], f.value_pos[k]) for k in ("question", "answer")]
    return Tree(
        id=tree_id,
        path=path,
        title=data["title"],
        summary=data["summary"],
        reviewed=data.get("reviewed"),
        reviewed_pos=data.value_pos.get("reviewed"),
        symptoms=list(data["symptoms"]),
        start=data["start"],
        start_pos=data.value_pos["start"],
        nodes=nodes,
        related=_links(data.get("related"), Role.RELATED),
        faq=faq,
        texts=texts,
        moved=_moved(data.get("moved")),
        review_by=(data["review_by"], vp["review_by"]) if "review_by" in data else None,
        generic=data.get("generic") is True,
    )


def _moved(data: Any) -> list[Link]:
    if not isinstance(data, LocDict):
        return []
    return [Link(old, target, data.value_pos[old], Role.MOVED) for old, target in data.items()]


def causes_texts(data: LocDict) -> list[Text]:
    """The title and explanation of every cause, with where they start."""
    causes: LocDict = data["causes"]
    return [Text(k, c[k], c.value_pos[k]) for c in causes.values() for k in ("title", "explanation")]


def build_causes(data: LocDict) -> dict[str, Cause]:
    causes: LocDict = data["causes"]
    return {
        cid: Cause(
            cid,
            c["title"],
            c["explanation"],
            causes.key_pos[cid],
            tuple(Text(k, c[k], c.value_pos[k]) for k in ("title", "explanation")),
        )
        for cid, c in causes.items()
    }
