# Copies the hand-written plain-text resumes from txt/ to the corpus, applying the byte-level
# conventions of where each one came from.
import os
from common import HERE, out

# name -> (encoding, newline)
STYLE = {
    "zh-01.txt": ("utf-8", "\n"),        # 58同城 export
    "zh-02.txt": ("utf-8", "\n"),        # e-mail body
    "zh-03.txt": ("utf-8", "\n"),        # 猎聘 export
    "zh-04.txt": ("utf-8-sig", "\r\n"),  # Word "save as plain text" (UTF-8 with BOM, CRLF, tabs)
    "en-01.txt": ("utf-8", "\n"),        # LinkedIn profile PDF copied as text
    "en-02.txt": ("utf-8", "\n"),        # plain-text e-mail resume
    "en-03.txt": ("utf-8", "\r\n"),      # Notepad on Windows
    "mix-01.txt": ("utf-8", "\n"),       # BOSS直聘 online resume copy
}


def build():
    for name, (enc, nl) in STYLE.items():
        with open(os.path.join(HERE, "txt", name), encoding="utf-8") as f:
            text = f.read()
        with open(out(name), "w", encoding=enc, newline="") as f:
            f.write(text.replace("\n", nl))


if __name__ == "__main__":
    build()
