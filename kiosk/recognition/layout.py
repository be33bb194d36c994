"""Reading order of a page's detected lines: rows top to bottom, and columns one after another.

A complaint may be printed in two columns (the parties on the left, the claims and facts on the
right) or as a ruled table (a label cell beside each value). Sorting lines by height alone
interleaves the columns line by line, so the defendant's address and the facts come back as
mixtures of both. :func:`page_order` finds *column regions* instead:

- the lines are de-rotated by their median slope (a page photographed askew), then grouped into
  rows (lines whose vertical extents overlap);
- a region starts at a row with text on both sides of a gap of at least 0.8 line heights (the
  gutter) and runs down while no line crosses the gutter;
- it ends early where a side's next line lies further below its previous one than the region's
  line spacing allows (the column has ended; 此致 under the longer column is not part of it);
- it counts as columns when at least two of its rows have text on both sides and each side is a
  column of running text: at least :data:`MIN_COLUMN_CHARS` line heights wide, its lines filling
  a good part of that width. A table's label cells are short and narrow, so a table stays row by
  row (each label before its value);
- a region is read left side first, then right side, each side ordered the same way (so a column
  may hold columns of its own).

Works on anything with a ``quad`` (4x2 corners) or a ``box`` (x, y, w, h); knows no document.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import median

import numpy as np

__all__ = ["MIN_COLUMN_CHARS", "page_order", "upright"]

#: a column of running text is at least this many line heights wide
MIN_COLUMN_CHARS = 10.0
#: the gap between two columns: at least this many line heights
MIN_GUTTER = 0.8
#: a column's lines fill at least this share of its width (median); a table's labels do not
MIN_FILL = 0.4


@dataclass(frozen=True)
class _Item:
    x0: float
    y0: float
    x1: float
    y1: float
    index: int


def _corners(item) -> np.ndarray:
    quad = getattr(item, "quad", None)
    if quad is not None:
        return np.asarray(quad, np.float64).reshape(4, 2)
    x, y, w, h = item.box
    return np.array([[x, y], [x + w, y], [x + w, y + h], [x, y + h]], np.float64)


def _slope(quads: list[np.ndarray]) -> float:
    """Median slope (radians) of the lines that are clearly wider than tall."""
    angles = []
    for q in quads:
        tl, tr, br, bl = q
        dx = (tr[0] - tl[0]) + (br[0] - bl[0])
        dy = (tr[1] - tl[1]) + (br[1] - bl[1])
        height = (np.linalg.norm(bl - tl) + np.linalg.norm(br - tr)) / 2
        if dx > 3 * max(height, 1.0):
            angles.append(float(np.arctan2(dy, dx)))
    return median(angles) if angles else 0.0


def _items(lines) -> list[_Item]:
    quads = [_corners(ln) for ln in lines]
    angle = _slope(quads)
    c, s = np.cos(-angle), np.sin(-angle)
    turn = np.array([[c, -s], [s, c]])
    items = []
    for i, q in enumerate(quads):
        r = q @ turn.T
        items.append(_Item(float(r[:, 0].min()), float(r[:, 1].min()), float(r[:, 0].max()), float(r[:, 1].max()), i))
    return items


def _rows(items: list[_Item]) -> list[list[_Item]]:
    """Lines grouped by overlapping vertical extent (each shrunk by a fifth, for slight skew)."""
    rows: list[list[_Item]] = []
    bottom = None
    for it in sorted(items, key=lambda it: (it.y0 + it.y1) / 2):
        trim = (it.y1 - it.y0) * 0.2
        top = it.y0 + trim
        if rows and bottom is not None and top < bottom:
            rows[-1].append(it)
            bottom = max(bottom, it.y1 - trim)
        else:
            rows.append([it])
            bottom = it.y1 - trim
    return [sorted(row, key=lambda it: it.x0) for row in rows]


def _gaps(row: list[_Item], least: float) -> list[tuple[float, float]]:
    gaps, right = [], None
    for it in row:
        if right is not None and it.x0 - right >= least:
            gaps.append((right, it.x0))
        right = it.x1 if right is None else max(right, it.x1)
    return gaps


def _is_column(side: list[_Item], height: float) -> bool:
    x0, x1 = min(it.x0 for it in side), max(it.x1 for it in side)
    width = x1 - x0
    if width < MIN_COLUMN_CHARS * height:
        return False
    return median(it.x1 - it.x0 for it in side) >= MIN_FILL * width


def _region(rows: list[list[_Item]], start: int, height: float) -> tuple[int, float] | None:
    """(end row, gutter centre) of the longest column region starting at ``rows[start]``, or None."""
    best = None
    for a, b in _gaps(rows[start], MIN_GUTTER * height):
        end = start
        for row in rows[start:]:
            na, nb = a, b
            for it in row:
                if it.x0 < nb and it.x1 > na:      # in the gutter: narrow it from the nearer side
                    if (it.x0 + it.x1) / 2 < (na + nb) / 2:
                        na = it.x1
                    else:
                        nb = it.x0
            if nb - na < MIN_GUTTER * height:
                break
            a, b = na, nb
            end += 1
        end = _trim(rows, start, end, a, b, height)
        both = sum(1 for row in rows[start:end] if any(it.x1 <= a for it in row) and any(it.x0 >= b for it in row))
        if both < 2:
            continue
        block = [it for row in rows[start:end] for it in row]
        left = [it for it in block if it.x1 <= a]
        right = [it for it in block if it.x0 >= b]
        if _is_column(left, height) and _is_column(right, height) and (best is None or end > best[0]):
            best = (end, (a + b) / 2)
    return best


def _trim(rows: list[list[_Item]], start: int, end: int, a: float, b: float, height: float) -> int:
    """The region's end at the first row that lies further below its side's previous line than
    the region's line spacing allows: a column has ended there, and what follows (此致 under the
    longer column, a signature) is not part of it."""
    spacing = [min(it.y0 for it in rows[i + 1]) - max(it.y1 for it in rows[i]) for i in range(start, end - 1)]
    limit = max(0.6 * height, 1.8 * median(spacing)) if spacing else 0.6 * height
    bottom: dict[bool, float] = {}
    for i in range(start, end):
        for side in (True, False):
            items = [it for it in rows[i] if (it.x1 <= a) == side]
            if not items:
                continue
            if side in bottom and min(it.y0 for it in items) - bottom[side] > limit:
                return i
            bottom[side] = max(it.y1 for it in items)
    return end


def _order(items: list[_Item], height: float, depth: int = 0) -> list[_Item]:
    if len(items) <= 1:
        return list(items)
    rows = _rows(items)
    out: list[_Item] = []
    i = 0
    while i < len(rows):
        region = _region(rows, i, height) if depth < 3 else None
        if region is None:
            out.extend(rows[i])
            i += 1
            continue
        end, gutter = region
        block = [it for row in rows[i:end] for it in row]
        out.extend(_order([it for it in block if it.x1 <= gutter], height, depth + 1))
        out.extend(_order([it for it in block if it.x1 > gutter], height, depth + 1))
        i = end
    return out


def upright(lines: list) -> list[tuple[list, tuple[int, int, int, int]]]:
    """``lines`` (each with a ``quad`` or a ``box``) in reading order (see the module's notes), each
    with its box (x, y, w, h) on the page turned upright by the lines' median slope: a line's box
    then holds that line alone, as on a scan, so rows can be told apart by height."""
    lines = list(lines)
    if not lines:
        return []
    items = _items(lines)
    height = median(it.y1 - it.y0 for it in items)
    ordered = _order(items, max(height, 1.0)) if len(items) > 1 else items
    return [(lines[it.index], (int(round(it.x0)), int(round(it.y0)), max(1, int(round(it.x1 - it.x0))),
                               max(1, int(round(it.y1 - it.y0))))) for it in ordered]


def page_order(lines: list) -> list:
    """``lines`` (each with a ``quad`` or a ``box``) in reading order: see the module's notes."""
    return [line for line, _box in upright(lines)]
