"""The Qt binding itself: PySide6 6.12.0 drops a reference to None on every call of a void
method under Python 3.11, and the app dies with "deallocating None" after a few thousand paints.
"""

from __future__ import annotations

import sys

from PySide6.QtGui import QImage, QPainter


def test_calling_qt_does_not_eat_references_to_none(qapp) -> None:
    image = QImage(4, 4, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    before = sys.getrefcount(None)
    for _ in range(2000):
        painter.setOpacity(0.5)
    painter.end()
    assert sys.getrefcount(None) >= before - 50
