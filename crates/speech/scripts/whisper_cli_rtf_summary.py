#!/usr/bin/env python3
"""Medians over runs of whisper_cli_rtf.sh's raw.tsv, as Markdown tables.

Usage: whisper_cli_rtf_summary.py RAW.tsv AUDIO_DIR [LOADAVG.txt]

raw.tsv columns: tool, run, file, wall_s, cpu_s (user+sys), whisper_s (whisper's own part,
wall), text. Speed ratio "ours/cli" is the CLI's time divided by ours: above 1 we are faster.
"""
import statistics
import sys
import wave
from collections import defaultdict
from pathlib import Path


def main() -> None:
    raw, audio_dir = Path(sys.argv[1]), Path(sys.argv[2])
    loadavg = Path(sys.argv[3]) if len(sys.argv) > 3 else None
    rows = defaultdict(lambda: defaultdict(list))  # tool -> file -> [(wall, cpu, whisper)]
    texts = {}
    order = []
    for line in raw.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) < 6:
            continue
        tool, _run, file, wall, cpu, whisper = cols[:6]
        if file not in order:
            order.append(file)
        rows[tool][file].append((float(wall), float(cpu), float(whisper or "nan")))
        texts[(tool, file)] = cols[6].strip() if len(cols) > 6 else ""

    audio = {}
    for f in order:
        with wave.open(str(audio_dir / f)) as w:
            audio[f] = w.getnframes() / w.getframerate()

    def med(tool, file, i):
        vals = [r[i] for r in rows.get(tool, {}).get(file, [])]
        return statistics.median(vals) if vals else float("nan")

    def total(tool, i):
        return sum(med(tool, f, i) for f in order)

    tools = [t for t in ("cli-omp", "cli-noomp", "ours-process") if t in rows]
    runs = max((len(v) for t in rows.values() for v in t.values()), default=0)
    tot_audio = sum(audio.values())
    out = []
    out.append(f"\nMedians of {runs} runs per clip; totals are sums of the medians.")
    out.append(f"Audio: {len(order)} clips, {tot_audio:.1f} s.\n")

    if tools:
        out.append("## One process per clip (load + one transcription), wall and CPU (user+sys)\n")
        head = "| clip | audio s | " + " | ".join(f"{t} wall | {t} CPU" for t in tools)
        ratios = [t for t in tools if t.startswith("cli-")] if "ours-process" in rows else []
        head += "".join(f" | ours/{t} speed (CPU) | ours/{t} speed (wall)" for t in ratios) + " |"
        out.append(head)
        out.append("|" + "---|" * (2 + 2 * len(tools) + 2 * len(ratios)))

        def line(name, a, get):
            cells = [name, f"{a:.2f}"]
            for t in tools:
                cells += [f"{get(t, 0):.3f}", f"{get(t, 1):.3f}"]
            for t in ratios:
                cells += [
                    f"{get(t, 1) / get('ours-process', 1):.3f}",
                    f"{get(t, 0) / get('ours-process', 0):.3f}",
                ]
            out.append("| " + " | ".join(cells) + " |")

        for f in order:
            line(f, audio[f], lambda t, i, f=f: med(t, f, i))
        line("**total**", tot_audio, total)
        out.append("")
        for t in tools:
            out.append(
                f"- {t}: RTF {total(t, 0) / tot_audio:.3f} wall, "
                f"{total(t, 1) / tot_audio:.3f} CPU-seconds per audio second"
            )
        out.append("")

    inproc = [t for t in ("ours-whisper", "ours-path") if t in rows]
    clis = [t for t in ("cli-omp", "cli-noomp") if t in rows]
    if inproc or clis:
        out.append("## Whisper's own part (model already loaded), wall; ours also CPU\n")
        out.append(
            "CLI: its `total time - load time` (state set-up, WAV read, whisper_full, printing). "
            "Ours: the `Transcriber::transcribe` call (`ours-whisper`) and the whole product path "
            "(`ours-path`: decode, VAD, trim, whisper, simplify, map back, delivery measures), "
            "all clips in one process after one warm-up.\n"
        )
        head = "| clip | audio s | " + " | ".join(f"{t} wall" for t in clis)
        head += "".join(f" | {t} wall | {t} CPU" for t in inproc)
        ratio_pairs = [(t, "ours-whisper") for t in clis if "ours-whisper" in rows]
        head += "".join(f" | ours/{c} speed (wall)" for c, _ in ratio_pairs) + " |"
        out.append(head)
        out.append("|" + "---|" * (2 + len(clis) + 2 * len(inproc) + len(ratio_pairs)))

        def line2(name, a, get):
            cells = [name, f"{a:.2f}"]
            cells += [f"{get(t, 2):.3f}" for t in clis]
            for t in inproc:
                cells += [f"{get(t, 0):.3f}", f"{get(t, 1):.3f}"]
            cells += [f"{get(c, 2) / get(o, 0):.3f}" for c, o in ratio_pairs]
            out.append("| " + " | ".join(cells) + " |")

        for f in order:
            line2(f, audio[f], lambda t, i, f=f: med(t, f, i))
        line2("**total**", tot_audio, total)
        out.append("")
        for t in clis:
            out.append(f"- {t} whisper part: RTF {total(t, 2) / tot_audio:.3f}")
        for t in inproc:
            out.append(
                f"- {t}: RTF {total(t, 0) / tot_audio:.3f} wall, "
                f"{total(t, 1) / tot_audio:.3f} CPU-seconds per audio second"
            )
        out.append("")

    stages = [t for t in ("ours-path.pre", "ours-path.whisper", "ours-path.post") if t in rows]
    if stages:
        out.append("## Ours, the whole path by stage (wall / CPU)\n")
        out.append(
            "pre: decode + VAD + trim; whisper: on the trimmed speech; "
            "post: segments mapped back + delivery measures.\n"
        )
        out.append("| clip | audio s | " + " | ".join(f"{t[10:]} wall | {t[10:]} CPU" for t in stages) + " |")
        out.append("|" + "---|" * (2 + 2 * len(stages)))

        def line3(name, a, get):
            cells = [name, f"{a:.2f}"]
            for t in stages:
                cells += [f"{get(t, 0):.3f}", f"{get(t, 1):.3f}"]
            out.append("| " + " | ".join(cells) + " |")

        for f in order:
            line3(f, audio[f], lambda t, i, f=f: med(t, f, i))
        line3("**total**", tot_audio, total)
        out.append("")

    windows = [t for t in rows if t.startswith("window-")]
    if windows:
        out.append("## Ours, whisper alone per encoder window (in one process, after a warm-up)\n")
        out.append("| clip | audio s | " + " | ".join(f"{t[7:]} wall | {t[7:]} CPU" for t in windows) + " |")
        out.append("|" + "---|" * (2 + 2 * len(windows)))

        def line4(name, a, get):
            cells = [name, f"{a:.2f}"]
            for t in windows:
                cells += [f"{get(t, 0):.3f}", f"{get(t, 1):.3f}"]
            out.append("| " + " | ".join(cells) + " |")

        for f in order:
            line4(f, audio[f], lambda t, i, f=f: med(t, f, i))
        line4("**total**", tot_audio, total)
        out.append("")
        for t in windows:
            out.append(
                f"- {t[7:]}: RTF {total(t, 0) / tot_audio:.3f} wall, "
                f"{total(t, 1) / tot_audio:.3f} CPU-seconds per audio second"
            )
        out.append("")

    diffs = []
    for f in order:
        a, b = texts.get(("cli-noomp", f)), texts.get(("ours-whisper", f))
        if a is not None and b is not None and "".join(a.split()) != "".join(b.split()):
            diffs.append(f"- {f}: cli `{a}` / ours `{b}`")
    if diffs:
        out.append("## Transcripts that differ (last run; ours is simplified Chinese)\n")
        out += diffs
        out.append("")

    if loadavg and loadavg.exists():
        out.append("## Load average (1, 5, 15 min)\n")
        out += ["    " + l for l in loadavg.read_text().splitlines()]
    print("\n".join(out))


if __name__ == "__main__":
    main()
