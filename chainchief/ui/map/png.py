"""PNG encoding for maps: ``render -o X.png``, exports and the meeting pack's sheets.

Qt's encoder (libpng's default level and its per-row filter search) took 0.15–0.3 s a map, most
of a meeting pack's time and a fifth of ``render``'s. Maps are flat colours and text, so zlib's
fastest level without row filters is about ten times quicker for a file of much the same size.
The image's resolution goes into a pHYs chunk, so print sizes stay right.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

from PySide6.QtGui import QImage, QImageWriter

SIGNATURE = b"\x89PNG\r\n\x1a\n"


def save_png(image: QImage, path: Path) -> bool:
    """``image`` written as a PNG whatever ``path`` ends in (a ``.part`` file, say).

    ``QImage.save`` takes the format as bytes by its stubs and as str at run time; the writer
    takes both.
    """
    return QImageWriter(str(path), b"PNG").write(image)


def fast_png(image: QImage) -> bytes:
    """``image`` as an opaque 8-bit RGB PNG (transparency, if any, is dropped)."""
    rgb = image.convertToFormat(QImage.Format.Format_RGB888)
    width, height, stride = rgb.width(), rgb.height(), rgb.bytesPerLine()
    data = bytes(rgb.constBits())
    used = width * 3
    raw = b"".join(b"\x00" + data[row * stride : row * stride + used] for row in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    resolution = struct.pack(">IIB", image.dotsPerMeterX(), image.dotsPerMeterY(), 1)
    return (
        SIGNATURE
        + _chunk(b"IHDR", header)
        + _chunk(b"pHYs", resolution)
        + _chunk(b"IDAT", zlib.compress(raw, 1))
        + _chunk(b"IEND", b"")
    )


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
