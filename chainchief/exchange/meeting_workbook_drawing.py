"""Pictures on a sheet (the chain's status map) as DrawingML parts of the workbook.

A picture is anchored at column A of its row with its size in EMU (12,700 to the point), so it
keeps its size whatever the column widths; the row under it is made as tall as the picture.
"""

from __future__ import annotations

from collections.abc import Sequence

from chainchief.exchange.meeting_workbook_grid import Picture
from chainchief.exchange.meeting_workbook_styles import (
    PACKAGE_RELS_NAMESPACE,
    RELS_NAMESPACE,
    XML_HEAD,
)

DRAWING_TYPE = "application/vnd.openxmlformats-officedocument.drawing+xml"
EMU_PER_POINT = 12700
_XDR = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
OFFSET = 4 * EMU_PER_POINT
"""The picture sits a little inside its row, clear of the borders."""


def drawing_xml(pictures: Sequence[tuple[int, Picture]]) -> str:
    """The drawing part: ``(row index, picture)`` pairs, rows counted from 0."""
    anchors = []
    for number, (row, picture) in enumerate(pictures, start=1):
        width = round(picture.width * EMU_PER_POINT)
        height = round(picture.height * EMU_PER_POINT)
        anchors.append(
            "<xdr:oneCellAnchor>"
            f"<xdr:from><xdr:col>0</xdr:col><xdr:colOff>{OFFSET}</xdr:colOff>"
            f"<xdr:row>{row}</xdr:row><xdr:rowOff>{OFFSET}</xdr:rowOff></xdr:from>"
            f'<xdr:ext cx="{width}" cy="{height}"/>'
            "<xdr:pic><xdr:nvPicPr>"
            f'<xdr:cNvPr id="{number + 1}" name="现状图{number}" descr="产业链现状图"/>'
            '<xdr:cNvPicPr><a:picLocks noChangeAspect="1"/></xdr:cNvPicPr></xdr:nvPicPr>'
            f'<xdr:blipFill><a:blip r:embed="rId{number}"/><a:stretch><a:fillRect/></a:stretch>'
            "</xdr:blipFill>"
            f'<xdr:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{width}" cy="{height}"/></a:xfrm>'
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr>'
            "</xdr:pic><xdr:clientData/></xdr:oneCellAnchor>"
        )
    return (
        f'{XML_HEAD}<xdr:wsDr xmlns:xdr="{_XDR}" xmlns:a="{_A}" xmlns:r="{RELS_NAMESPACE}">'
        + "".join(anchors)
        + "</xdr:wsDr>"
    )


def drawing_rels(sheet: int, pictures: int) -> str:
    links = "".join(
        f'<Relationship Id="rId{index}" Type="{RELS_NAMESPACE}/image"'
        f' Target="../media/image{sheet}_{index}.png"/>'
        for index in range(1, pictures + 1)
    )
    return f'{XML_HEAD}<Relationships xmlns="{PACKAGE_RELS_NAMESPACE}">{links}</Relationships>'


def sheet_rels(sheet: int) -> str:
    return (
        f'{XML_HEAD}<Relationships xmlns="{PACKAGE_RELS_NAMESPACE}">'
        f'<Relationship Id="rId1" Type="{RELS_NAMESPACE}/drawing"'
        f' Target="../drawings/drawing{sheet}.xml"/></Relationships>'
    )
