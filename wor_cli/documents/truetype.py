"""A TrueType font as a PDF needs it: which glyph a character is, how wide, and a subset to embed.

Read with `struct` straight from the file, because a letter needs only a
handful of tables and the general font libraries (fontTools, through fpdf2)
cost more than half a second to import and parse the font on every letter.
The shipped fonts are DejaVu Sans reduced to the scripts a coach types
(Latin, Greek, Cyrillic, punctuation, currency, arrows; see
`wor_cli/fonts/README.md`), so reading one takes a few milliseconds.

`subset` keeps the glyph numbers and empties every glyph a document does not
use (keeping the parts composite glyphs are made of): the embedded font is a
few kilobytes and a PDF can name glyphs by their number in the font
(`/CIDToGIDMap /Identity`).
"""

from __future__ import annotations

import struct
from pathlib import Path

# Composite glyph flags (TrueType 'glyf' table).
_ARG_WORDS, _SCALE, _MORE, _XY_SCALE, _TWO_BY_TWO = 0x0001, 0x0008, 0x0020, 0x0040, 0x0080


class Font:
    def __init__(self, path: Path) -> None:
        self.data = data = path.read_bytes()
        count = struct.unpack_from(">H", data, 4)[0]
        self.tables: dict[str, tuple[int, int]] = {}
        for index in range(count):
            tag, _, offset, length = struct.unpack_from(">4sIII", data, 12 + 16 * index)
            self.tables[tag.decode("latin-1")] = (offset, length)
        head = self._offset("head")
        self.units = struct.unpack_from(">H", data, head + 18)[0]
        self.bbox = struct.unpack_from(">hhhh", data, head + 36)
        long_loca = struct.unpack_from(">h", data, head + 50)[0] == 1
        hhea = self._offset("hhea")
        self.ascent, self.descent = struct.unpack_from(">hh", data, hhea + 4)
        metrics = struct.unpack_from(">H", data, hhea + 34)[0]
        glyphs = struct.unpack_from(">H", data, self._offset("maxp") + 4)[0]
        advances = struct.unpack_from(f">{metrics * 2}H", data, self._offset("hmtx"))[0::2]
        self.advances = list(advances) + [advances[-1]] * (glyphs - metrics)
        loca = self._offset("loca")
        if long_loca:
            self.loca = list(struct.unpack_from(f">{glyphs + 1}I", data, loca))
        else:
            self.loca = [2 * x for x in struct.unpack_from(f">{glyphs + 1}H", data, loca)]
        self.cmap = self._cmap()
        os2 = self._offset("OS/2")
        version = struct.unpack_from(">H", data, os2)[0]
        self.cap_height = struct.unpack_from(">h", data, os2 + 88)[0] if version >= 2 else int(self.ascent * 0.7)
        name = self._offset("name")  # the PostScript name (name id 6), for the PDF's /BaseFont
        self.postscript_name = self._name(name, 6) or path.stem

    def _offset(self, tag: str) -> int:
        return self.tables[tag][0]

    def _cmap(self) -> dict[int, int]:
        """Unicode code point -> glyph, from the Windows Unicode BMP subtable (format 4)."""
        data, cmap = self.data, self._offset("cmap")
        count = struct.unpack_from(">H", data, cmap + 2)[0]
        for index in range(count):
            platform, encoding, offset = struct.unpack_from(">HHI", data, cmap + 4 + 8 * index)
            if (platform, encoding) in ((3, 1), (0, 3)) and struct.unpack_from(">H", data, cmap + offset)[0] == 4:
                return _format4(data, cmap + offset)
        raise ValueError("font without a Unicode (format 4) character map")

    def _name(self, table: int, wanted: int) -> str | None:
        data = self.data
        count, strings = struct.unpack_from(">HH", data, table + 2)
        for index in range(count):
            platform, _, _, name_id, length, offset = struct.unpack_from(">6H", data, table + 6 + 12 * index)
            if name_id == wanted:
                raw = data[table + strings + offset: table + strings + offset + length]
                return raw.decode("utf-16-be" if platform in (0, 3) else "latin-1")
        return None

    # --- measuring ------------------------------------------------------------------------

    def glyph(self, char: str) -> int:
        """The glyph of a character; 0 (the empty box) for one the font lacks."""
        return self.cmap.get(ord(char), 0)

    def width(self, text: str, size: float) -> float:
        """The width of `text` at `size` points, in points."""
        advances, cmap = self.advances, self.cmap
        return sum(advances[cmap.get(ord(c), 0)] for c in text) * size / self.units

    def scaled(self, value: float) -> int:
        """Font units as the thousandths of the text size a PDF counts in."""
        return round(value * 1000 / self.units)

    # --- embedding ------------------------------------------------------------------------

    def subset(self, used: set[int]) -> bytes:
        """The font with every glyph but `used` (and their parts) emptied; glyph numbers unchanged."""
        glyf = self._offset("glyf")
        keep = {0} | set(used)
        todo = list(keep)
        while todo:  # composite glyphs are drawn from other glyphs: keep those too
            for part in self._components(glyf, todo.pop()):
                if part not in keep:
                    keep.add(part)
                    todo.append(part)
        outlines, loca = bytearray(), []
        for gid in range(len(self.advances)):
            loca.append(len(outlines))
            if gid in keep:
                outlines += self.data[glyf + self.loca[gid]: glyf + self.loca[gid + 1]]
                outlines += b"\0" * (-len(outlines) % 4)
        loca.append(len(outlines))
        replaced = {"glyf": bytes(outlines), "loca": struct.pack(f">{len(loca)}I", *loca)}
        return self._rebuild(replaced)

    def _components(self, glyf: int, gid: int) -> list[int]:
        start, end = glyf + self.loca[gid], glyf + self.loca[gid + 1]
        if end - start < 10 or struct.unpack_from(">h", self.data, start)[0] >= 0:
            return []
        parts, at = [], start + 10
        while True:
            flags, part = struct.unpack_from(">HH", self.data, at)
            parts.append(part)
            at += 4 + (4 if flags & _ARG_WORDS else 2)
            at += 2 if flags & _SCALE else 4 if flags & _XY_SCALE else 8 if flags & _TWO_BY_TWO else 0
            if not flags & _MORE:
                return parts

    def _rebuild(self, replaced: dict[str, bytes]) -> bytes:
        """A font file from this one's tables, some replaced; checksums made right."""
        tags = sorted(self.tables)
        bodies = {}
        for tag in tags:
            offset, length = self.tables[tag]
            bodies[tag] = replaced.get(tag, self.data[offset: offset + length])
        head = bytearray(bodies["head"])
        head[8:12] = b"\0\0\0\0"  # checkSumAdjustment, set below
        head[50:52] = struct.pack(">h", 1)  # the new loca has long offsets
        bodies["head"] = bytes(head)
        count = len(tags)
        power = 1 << (count.bit_length() - 1)
        directory = struct.pack(">IHHHH", 0x00010000, count, power * 16, power.bit_length() - 1,
                                count * 16 - power * 16)
        offset = 12 + 16 * count
        records, blobs = [], []
        for tag in tags:
            body = bodies[tag]
            records.append(struct.pack(">4sIII", tag.encode("latin-1"), _checksum(body), offset, len(body)))
            padded = body + b"\0" * (-len(body) % 4)
            blobs.append(padded)
            offset += len(padded)
        font = bytearray(directory + b"".join(records) + b"".join(blobs))
        head_at = 12 + 16 * count + sum(len(b) for b in blobs[: tags.index("head")])
        struct.pack_into(">I", font, head_at + 8, (0xB1B0AFBA - _checksum(bytes(font))) & 0xFFFFFFFF)
        return bytes(font)


def _format4(data: bytes, at: int) -> dict[int, int]:
    segments = struct.unpack_from(">H", data, at + 6)[0] // 2
    ends = struct.unpack_from(f">{segments}H", data, at + 14)
    starts = struct.unpack_from(f">{segments}H", data, at + 16 + 2 * segments)
    deltas = struct.unpack_from(f">{segments}h", data, at + 16 + 4 * segments)
    range_at = at + 16 + 6 * segments
    ranges = struct.unpack_from(f">{segments}H", data, range_at)
    mapping: dict[int, int] = {}
    for index, (start, end, delta, offset) in enumerate(zip(starts, ends, deltas, ranges)):
        if start == 0xFFFF:
            continue
        for code in range(start, end + 1):
            if offset == 0:
                gid = (code + delta) & 0xFFFF
            else:
                where = range_at + 2 * index + offset + 2 * (code - start)
                gid = struct.unpack_from(">H", data, where)[0]
                gid = (gid + delta) & 0xFFFF if gid else 0
            if gid:
                mapping[code] = gid
    return mapping


def _checksum(data: bytes) -> int:
    data = data + b"\0" * (-len(data) % 4)
    return sum(struct.unpack(f">{len(data) // 4}I", data)) & 0xFFFFFFFF
