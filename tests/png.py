"""png.py - read a PNG with the standard library, for the browser test.

Why: make check renders results/index.html and a diagram in headless
Chromium and must tell a page that rendered from a blank one; that needs
the pixels, and PyPI (Pillow) is not available here.

What: decode() reads 8-bit non-interlaced greyscale, RGB, grey+alpha and
RGBA PNGs (what Chromium writes) into (width, height, rows of RGB tuples);
stats() counts what a test needs: how many pixels differ from white, how
many distinct colors, and how many are close to a given color.
"""
import struct
import zlib


def decode(data):
    """(width, height, [[(r, g, b), ...], ...]), or ValueError."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, ihdr = 8, [], None
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        pos += 12 + n
        if kind == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
    if not ihdr:
        raise ValueError("no IHDR")
    w, h, depth, ctype, _, _, interlace = ihdr
    channels = {0: 1, 2: 3, 4: 2, 6: 4}.get(ctype)
    if depth != 8 or channels is None or interlace:
        raise ValueError(f"unsupported PNG: depth {depth}, color type {ctype}, "
                         f"interlace {interlace}")
    raw = zlib.decompress(b"".join(idat))
    stride = w * channels
    rows, prev = [], bytearray(stride)
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b = prev[i]
            c = prev[i - channels] if i >= channels else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + ((a + b) >> 1)) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else b if pb <= pc else c
                line[i] = (line[i] + pred) & 255
            elif f != 0:
                raise ValueError(f"bad filter {f} on row {y}")
        prev = line
        if channels >= 3:
            rows.append([tuple(line[x * channels:x * channels + 3]) for x in range(w)])
        else:
            rows.append([(line[x * channels],) * 3 for x in range(w)])
    return w, h, rows


def stats(rows, near=()):
    """{"nonwhite": fraction of pixels not white, "colors": distinct colors,
    color: pixels within 40 of each color of near}."""
    total = nonwhite = 0
    colors = set()
    close = {c: 0 for c in near}
    for row in rows:
        for px in row:
            total += 1
            if px != (255, 255, 255):
                nonwhite += 1
            colors.add(px)
            for c in near:
                if sum(abs(px[i] - c[i]) for i in range(3)) <= 40:
                    close[c] += 1
    out = {"nonwhite": nonwhite / total if total else 0.0, "colors": len(colors)}
    out.update(close)
    return out
