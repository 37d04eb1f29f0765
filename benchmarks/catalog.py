"""Catalog search benchmark (DESIGN.md §9): 5,000 items, mixed queries typed keystroke by keystroke.

Prints p50/p99 per keystroke for each query and overall, the index build time, and the ratio against a
naive scan that converts every item to pinyin on every query. Run: .venv/bin/python benchmarks/catalog.py
"""

from __future__ import annotations

import argparse
import copy
import random
import statistics
import time

from kiosk.catalog import Catalog, sample_document
from kiosk.catalog.search import naive_search

TOWNS = [
    "荆河街道",
    "龙泉街道",
    "北辛街道",
    "善南街道",
    "东沙河街道",
    "洪绪镇",
    "南沙河镇",
    "大坞镇",
    "滨湖镇",
    "级索镇",
    "西岗镇",
    "柴胡店镇",
    "羊庄镇",
    "木石镇",
    "界河镇",
    "龙阳镇",
    "鲍沟镇",
    "张汪镇",
    "官桥镇",
    "姜屯镇",
    "东郭镇",
]
SUFFIXES = ["", "（承诺制）", "（跨省通办）", "（延时服务）", "（帮办代办）", "（预约）"]
QUERIES = [
    "居住证",
    "jzz",
    "juzhuzheng",
    "居zz",
    "juzz",
    "shebaok",
    "yidijy",
    "营业执照变更",
    "yyzzbg",
    "公积金提取",
    "gongjijin",
    "sbk",
    "社会保障卡",
    "异地就医备案",
    "ydjy",
    "不动产",
    "budongchan",
    "户口迁入",
    "hkqr",
    "失业金",
    "开公司",
    "残疾人证",
    "龙泉街道居住证",
    "lqjd",
    "医保局",
    "退休",
    "txj",
    "施工许可",
    "个体工商户设立",
]


def synthetic_document(n: int, seed: int = 7) -> dict:
    """The sample expanded to ``n`` items: each variant served by a street office or town, some suffixed."""
    rng = random.Random(seed)
    doc = sample_document()
    base = doc["items"]
    items = []
    for k in range(n):
        item = copy.deepcopy(base[k % len(base)])
        if k >= len(base):
            town = TOWNS[(k // len(base)) % len(TOWNS)]
            item["code"] = f"{item['code']}-{k:05d}"
            item["name"] = f"{town}{item['name']}{rng.choice(SUFFIXES)}"[:60]
            item["popularity"] = rng.randint(0, 500)
        items.append(item)
    doc["items"] = items
    doc["counts"] = {"items": len(items), "bundles": len(doc["bundles"])}
    return doc


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=20, help="times each keystroke sequence is replayed")
    parser.add_argument("--naive-queries", type=int, default=8, help="queries timed with the naive scan")
    args = parser.parse_args()

    t0 = time.perf_counter()
    catalog = Catalog.from_dict(synthetic_document(args.items))
    t1 = time.perf_counter()
    catalog.build_index()
    t2 = time.perf_counter()
    print(
        f"catalog: {len(catalog.items)} items, {len(catalog.bundles)} bundles; "
        f"validate {t1 - t0:.2f} s, index build {t2 - t1:.2f} s"
    )

    everything: list[float] = []
    print(f"\n{'query':<16}{'keys':>5}{'p50 ms':>9}{'p99 ms':>9}  first hit")
    for query in QUERIES:
        times: list[float] = []
        for _ in range(args.rounds):
            for n in range(1, len(query) + 1):
                start = time.perf_counter()
                catalog.search(query[:n], limit=20)
                times.append((time.perf_counter() - start) * 1000)
        everything.extend(times)
        first = catalog.search(query, limit=1)
        print(
            f"{query:<16}{len(query):>5}{percentile(times, 50):>9.3f}{percentile(times, 99):>9.3f}  "
            f"{first[0].name if first else '-'}"
        )
    print(
        f"\nall keystrokes ({len(everything)}): p50 {percentile(everything, 50):.3f} ms, "
        f"p99 {percentile(everything, 99):.3f} ms (target p99 <= 2 ms)"
    )

    targets = [*catalog.items, *catalog.bundles]
    naive_ms: list[float] = []
    index_ms: list[float] = []
    for query in QUERIES[: args.naive_queries]:
        start = time.perf_counter()
        naive_search(targets, lambda t: [t.name, *t.keywords], query, 20)
        naive_ms.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        for _ in range(50):
            catalog.search(query, limit=20)
        index_ms.append((time.perf_counter() - start) * 1000 / 50)
    naive, indexed = statistics.median(naive_ms), statistics.median(index_ms)
    print(
        f"naive scan (pinyin per query, {len(naive_ms)} queries): median {naive:.1f} ms; "
        f"index median {indexed:.3f} ms; ratio {naive / indexed:.0f}x (target >= 50x)"
    )


if __name__ == "__main__":
    main()
