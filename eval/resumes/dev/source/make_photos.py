"""Generate small fictional ID-style placeholder photos (证件照) with Pillow.
Each is a plain background with a grey head-and-shoulders silhouette; no real person."""
from pathlib import Path
from PIL import Image, ImageDraw

OUT = Path(__file__).parent / "assets"

def photo(name, bg, fg, size=(260, 350), fmt="JPEG"):
    w, h = size
    im = Image.new("RGB", size, bg)
    d = ImageDraw.Draw(im)
    # shoulders
    d.ellipse([w * 0.08, h * 0.62, w * 0.92, h * 1.35], fill=fg)
    # neck
    d.rectangle([w * 0.42, h * 0.48, w * 0.58, h * 0.68], fill=fg)
    # head
    d.ellipse([w * 0.28, h * 0.14, w * 0.72, h * 0.58], fill=fg)
    OUT.mkdir(exist_ok=True)
    p = OUT / name
    im.save(p, fmt, **({"quality": 85} if fmt == "JPEG" else {}))
    return p

if __name__ == "__main__":
    photo("photo_blue.jpg", (67, 142, 219), (150, 150, 150))      # 蓝底
    photo("photo_white.jpg", (245, 245, 245), (120, 120, 120))    # 白底
    photo("photo_red.png", (200, 30, 40), (160, 160, 160), fmt="PNG")  # 红底
    photo("photo_grey.jpg", (190, 190, 190), (95, 95, 95))
    print("ok")
