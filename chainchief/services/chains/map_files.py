"""Map files for people: the chain map's title and its yEd GraphML, from the map's one geometry.

Maps are files for people, so what they say is Chinese whatever language the user works in.
The PNG, SVG and PDF are drawn by the UI's scene from the same ``ChainMap``; GraphML needs no
drawing, only the cards and routes, so ``render -o X.graphml`` starts no Qt at all.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from chainchief.exchange import map_colours
from chainchief.i18n import _, files_for_people
from chainchief.services.chains.chain_map import ChainMap

if TYPE_CHECKING:
    from chainchief.exchange.graphml import GraphDrawing

STATUS_VIEW = "status"
PANORAMA_VIEW = "panorama"


def map_title(chain: ChainMap, view: str) -> str:
    """ "<chain> · 现状图" or "<chain> · 全景图" (in the language in force)."""
    label = _("Local status map") if view == STATUS_VIEW else _("Panorama")
    return _("{chain} · {view}").format(chain=chain.chain, view=label)


def graph_drawing(chain: ChainMap, view: str) -> GraphDrawing:
    """Segments as nodes where their cards are drawn, links as their routes."""
    # Imported here: the XML writer is not needed for the title every PNG, SVG and PDF uses.
    from chainchief.exchange.graphml import GraphDrawing, GraphEdge, GraphNode

    status_view = view == STATUS_VIEW
    nodes = []
    for card in chain.cards:
        if status_view:
            fill = map_colours.STATUS_FILL[card.status]
            outline = map_colours.STATUS_OUTLINE[card.status]
        else:
            fill, outline = map_colours.NEUTRAL_FILL, map_colours.NEUTRAL_OUTLINE
        details = [_("Local firms: {count}").format(count=card.local_firms)] if status_view else []
        nodes.append(
            GraphNode(
                key=f"n{card.segment_id}",
                name=card.name,
                details=details,
                tier=card.tier.label,
                status=card.status.label,
                x=card.x,
                y=card.y,
                width=card.width,
                height=card.height,
                fill=fill,
                outline=outline,
            )
        )
    edges = [
        GraphEdge(
            f"n{link.upstream}", f"n{link.downstream}", link.points, link.breakpoint and status_view
        )
        for link in chain.links
    ]
    return GraphDrawing(chain.chain, map_title(chain, view), nodes, edges)


def write_map_graphml(chain: ChainMap, view: str, path: str | Path) -> Path:
    """The chain map as yEd GraphML at ``path``, in Chinese."""
    from chainchief.exchange.graphml import write_graphml

    with files_for_people():
        drawing = graph_drawing(chain, view)
    return write_graphml(drawing, path)
