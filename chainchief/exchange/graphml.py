"""A chain map as yEd GraphML (yFiles extensions), so a team can go on drawing it in yEd.

The graph's nodes are the segments only; the chain's name, and each segment's tier and status,
are GraphML data. Each segment is a ``y:ShapeNode`` at the place and size it is drawn (absolute
top-left corner), filled by status; its first label is exactly the segment's name. Each link is
a ``y:PolyLineEdge`` through the bends the map draws (absolute ``y:Point``s), its ends given as
offsets from the card centres (sx/sy/tx/ty), with a standard arrow at the target; breakpoints
are dashed red. The writer takes plain values, so it needs neither Qt nor the database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET

from chainchief.exchange import map_colours
from chainchief.fileio import atomic_path

GRAPHML = "http://graphml.graphdrawing.org/xmlns"
YFILES = "http://www.yworks.com/xml/graphml"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA = f"{GRAPHML} http://www.yworks.com/xml/schema/graphml/1.1/ygraphml.xsd"
FONT = "Noto Sans CJK SC"

Point = tuple[float, float]


@dataclass(frozen=True)
class GraphNode:
    key: str
    name: str
    details: Sequence[str]
    tier: str
    status: str
    x: float
    y: float
    width: float
    height: float
    fill: str
    outline: str


@dataclass(frozen=True)
class GraphEdge:
    source: str
    target: str
    points: Sequence[Point]
    """The whole route: first point on the source card, last on the target card."""
    breakpoint: bool


@dataclass(frozen=True)
class GraphDrawing:
    chain: str
    title: str
    nodes: Sequence[GraphNode]
    edges: Sequence[GraphEdge]


def _y(tag: str) -> str:
    return f"{{{YFILES}}}{tag}"


def _g(tag: str) -> str:
    return f"{{{GRAPHML}}}{tag}"


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def graphml_tree(drawing: GraphDrawing) -> ET.ElementTree:
    ET.register_namespace("", GRAPHML)
    ET.register_namespace("y", YFILES)
    ET.register_namespace("xsi", XSI)
    root = ET.Element(_g("graphml"), {f"{{{XSI}}}schemaLocation": SCHEMA})
    keys = [
        ("chain", "graph", "chain", "string"),
        ("title", "graph", "title", "string"),
        ("tier", "node", "tier", "string"),
        ("status", "node", "status", "string"),
        ("breakpoint", "edge", "breakpoint", "boolean"),
    ]
    for key_id, domain, name, kind in keys:
        ET.SubElement(root, _g("key"), {"id": key_id, "for": domain, "attr.name": name,
                                        "attr.type": kind})  # fmt: skip
    ET.SubElement(root, _g("key"), {"id": "nodegraphics", "for": "node",
                                    "yfiles.type": "nodegraphics"})  # fmt: skip
    ET.SubElement(root, _g("key"), {"id": "edgegraphics", "for": "edge",
                                    "yfiles.type": "edgegraphics"})  # fmt: skip
    graph = ET.SubElement(root, _g("graph"), {"id": "G", "edgedefault": "directed"})
    _data(graph, "chain", drawing.chain)
    _data(graph, "title", drawing.title)
    centres = {}
    for node in drawing.nodes:
        centres[node.key] = (node.x + node.width / 2, node.y + node.height / 2)
        _node(graph, node)
    for index, edge in enumerate(drawing.edges):
        _edge(graph, f"e{index}", edge, centres)
    ET.indent(root)
    return ET.ElementTree(root)


def write_graphml(drawing: GraphDrawing, path: str | Path) -> Path:
    """Write the drawing to ``path`` atomically (UTF-8, with an XML declaration)."""
    tree = graphml_tree(drawing)
    with atomic_path(path) as temporary:
        tree.write(temporary, encoding="UTF-8", xml_declaration=True)
    return Path(path)


def _data(parent: ET.Element, key: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, _g("data"), {"key": key})
    element.text = text
    return element


def _node(graph: ET.Element, node: GraphNode) -> None:
    element = ET.SubElement(graph, _g("node"), {"id": node.key})
    _data(element, "tier", node.tier)
    _data(element, "status", node.status)
    shape = ET.SubElement(ET.SubElement(element, _g("data"), {"key": "nodegraphics"}),
                          _y("ShapeNode"))  # fmt: skip
    ET.SubElement(shape, _y("Geometry"), {
        "x": _number(node.x), "y": _number(node.y),
        "width": _number(node.width), "height": _number(node.height),
    })  # fmt: skip
    ET.SubElement(shape, _y("Fill"), {"color": node.fill, "transparent": "false"})
    ET.SubElement(shape, _y("BorderStyle"), {"color": node.outline, "type": "line",
                                             "width": "2.0"})  # fmt: skip
    labels = [(node.name, "t", "15", "bold"), *((line, "c", "12", "plain")
                                                 for line in node.details)]  # fmt: skip
    for text, position, size, style in labels:
        label = ET.SubElement(shape, _y("NodeLabel"), {
            "alignment": "center", "autoSizePolicy": "content", "fontFamily": FONT,
            "fontSize": size, "fontStyle": style, "hasBackgroundColor": "false",
            "hasLineColor": "false", "modelName": "internal", "modelPosition": position,
            "textColor": map_colours.TEXT, "visible": "true",
        })  # fmt: skip
        label.text = text
    ET.SubElement(shape, _y("Shape"), {"type": "roundrectangle"})


def _edge(
    graph: ET.Element, key: str, edge: GraphEdge, centres: dict[str, tuple[float, float]]
) -> None:
    element = ET.SubElement(graph, _g("edge"),
                            {"id": key, "source": edge.source, "target": edge.target})  # fmt: skip
    _data(element, "breakpoint", "true" if edge.breakpoint else "false")
    line = ET.SubElement(ET.SubElement(element, _g("data"), {"key": "edgegraphics"}),
                         _y("PolyLineEdge"))  # fmt: skip
    (sx, sy), (tx, ty) = centres[edge.source], centres[edge.target]
    first, last = edge.points[0], edge.points[-1]
    path = ET.SubElement(line, _y("Path"), {
        "sx": _number(first[0] - sx), "sy": _number(first[1] - sy),
        "tx": _number(last[0] - tx), "ty": _number(last[1] - ty),
    })  # fmt: skip
    for x, y in edge.points[1:-1]:
        ET.SubElement(path, _y("Point"), {"x": _number(x), "y": _number(y)})
    colour, kind, width = (
        (map_colours.BREAKPOINT, "dashed", "2.6") if edge.breakpoint
        else (map_colours.LINK, "line", "1.6")
    )  # fmt: skip
    ET.SubElement(line, _y("LineStyle"), {"color": colour, "type": kind, "width": width})
    ET.SubElement(line, _y("Arrows"), {"source": "none", "target": "standard"})
    ET.SubElement(line, _y("BendStyle"), {"smoothed": "false"})
