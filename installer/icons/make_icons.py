"""Draw the application icon: 寻 in white on a police-blue rounded square, at every size needed.

    .venv/bin/python installer/icons/make_icons.py

Writes xunren-<size>.png (the Linux hicolor theme sizes) and xunren.ico (Windows: the
executable, the Start-menu entry and the uninstaller) beside this script; the outputs are
committed, so a build never needs to draw them. The character comes from the embedded
WenQuanYi Micro Hei (Apache-2.0, resources/fonts), so no other font licence is involved.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent
FONT = HERE.parents[1] / "resources" / "fonts" / "wqy-microhei.ttc"
SIZES = (16, 24, 32, 48, 64, 128, 256)
BLUE = (22, 58, 122, 255)  # the dark blue of Chinese police insignia
GOLD = (232, 190, 74, 255)
MASTER = 1024


def master() -> Image.Image:
    image = Image.new("RGBA", (MASTER, MASTER), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    margin, radius = MASTER // 16, MASTER // 5
    box = (margin, margin, MASTER - margin, MASTER - margin)
    draw.rounded_rectangle(box, radius=radius, fill=BLUE)
    inset = margin + MASTER // 28
    draw.rounded_rectangle(
        (inset, inset, MASTER - inset, MASTER - inset),
        radius=radius - MASTER // 28,
        outline=GOLD,
        width=MASTER // 40,
    )
    font = ImageFont.truetype(str(FONT), size=int(MASTER * 0.62))
    left, top, right, bottom = draw.textbbox((0, 0), "寻", font=font)
    x = (MASTER - (right - left)) / 2 - left
    y = (MASTER - (bottom - top)) / 2 - top
    draw.text((x, y), "寻", font=font, fill=(255, 255, 255, 255))
    return image


def main() -> None:
    big = master()
    for size in SIZES:
        big.resize((size, size), Image.Resampling.LANCZOS).save(HERE / f"xunren-{size}.png", optimize=True)
    big.resize((256, 256), Image.Resampling.LANCZOS).save(
        HERE / "xunren.ico", sizes=[(s, s) for s in SIZES if s <= 256]
    )


if __name__ == "__main__":
    main()
