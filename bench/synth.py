"""A reproducible synthetic corpus of N articles recombined from the seed pages.

Every article gets a seed headline (sometimes two joined), a ``本报讯 M月D日`` dateline, 3–8
paragraphs drawn from the seed paragraphs and a byline. The same arguments always give the
same files. Recombining ~200 paragraphs makes every term common — a worst case for search;
real archives are Zipfian.

Two layouts:

- flat (the default): ``000000.txt``, ``000001.txt`` … of 20 articles each, undated;
- ``--archive``: a daily paper's archive, ``wxrb/YYYY/MM/DD/NN.txt`` — one folder per issue
  from ``--start`` on, ``--pages`` pages (版) each, the articles spread evenly over
  ``--issues`` issues (3 years of dailies for 100k articles by default), each page opening
  with its header line (``第03版：要闻``) and each dateline a day or two before its issue.
  ``--add-issue YYYY-MM-DD`` lays out one more issue of ``--articles`` articles into an
  existing archive (what a reader's archive gains each day).

    python bench/synth.py /tmp/a100k --archive --articles 100000
    python bench/synth.py /tmp/a100k --archive --add-issue 2025-01-01 --articles 100
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader.corpus import load_corpus  # noqa: E402

PER_PAGE = 20
AUTHORS = ["高美梅", "惠晓婧", "陈菁菁", "王怡荻", "周晓方", "唐芸芸", "胡志杰", "韩玲", "杨明洁", "邵旭根"]


PAPER = "wxrb"
PAGE_NAMES = ["要闻", "要闻", "综合", "经济", "城市", "社会", "文化", "太湖"]


class Material:
    """What articles are recombined from: the seed pages' headlines and paragraphs."""

    def __init__(self) -> None:
        corpus = load_corpus(ROOT / "seeds")
        self.titles = [a.title for a in corpus.articles if not a.title_inferred]
        self.subtitles = [s for a in corpus.articles for s in a.subtitles if not s.startswith("——")]
        self.paragraphs = [p for a in corpus.articles for p in a.paragraphs[1:] if len(p) > 30]

    def article(self, rng: random.Random, month: int, day: int) -> list[str]:
        head = [rng.choice(self.titles)]
        if rng.random() < 0.3:
            head.append(rng.choice(self.subtitles))
        paras = rng.sample(self.paragraphs, rng.randint(3, 8))
        lead = f"本报讯 {month}月{day}日，{paras[0]}"
        names = "、".join(rng.sample(AUTHORS, rng.randint(1, 2)))
        return [*head, lead, *paras[1:], f"（{names}）"]


def generate(out: Path, articles: int, seed: int = 20240904) -> Path:
    rng = random.Random(seed)
    material = Material()
    titles, subtitles, paragraphs = material.titles, material.subtitles, material.paragraphs
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.txt"):
        old.unlink()
    n = 0
    page = 0
    while n < articles:
        blocks = []
        for _ in range(min(PER_PAGE, articles - n)):
            head = [rng.choice(titles)]
            if rng.random() < 0.3:
                head.append(rng.choice(subtitles))
            month, day = rng.randint(1, 12), rng.randint(1, 28)
            paras = rng.sample(paragraphs, rng.randint(3, 8))
            lead = f"本报讯 {month}月{day}日，{paras[0]}"
            names = "、".join(rng.sample(AUTHORS, rng.randint(1, 2)))
            blocks += [*head, lead, *paras[1:], f"（{names}）"]
            n += 1
        (out / f"{page:06d}.txt").write_text("\n\n".join(blocks) + "\n", encoding="utf-8")
        page += 1
    return out


def write_issue(out: Path, date: dt.date, articles: int, pages: int, rng: random.Random,
                material: Material) -> int:
    """One issue's folder, ``PAPER/YYYY/MM/DD/NN.txt``, of *articles* spread over *pages*
    pages (every page gets at least one while there are articles). The number of page files."""
    folder = out / PAPER / f"{date:%Y}" / f"{date:%m}" / f"{date:%d}"
    folder.mkdir(parents=True, exist_ok=True)
    pages = max(1, min(pages, articles))
    per_page = [articles // pages + (1 if k < articles % pages else 0) for k in range(pages)]
    for number, count in enumerate(per_page, 1):
        name = PAGE_NAMES[(number - 1) % len(PAGE_NAMES)]
        blocks = [f"第{number:02d}版：{name}"]
        for _ in range(count):
            when = date - dt.timedelta(days=rng.choice((0, 1, 1, 2)))
            blocks += material.article(rng, when.month, when.day)
        (folder / f"{number:02d}.txt").write_text("\n\n".join(blocks) + "\n", encoding="utf-8")
    return len(per_page)


def generate_archive(out: Path, articles: int, issues: int | None = None, pages: int = 8,
                     start: dt.date = dt.date(2022, 1, 1), seed: int = 20240904) -> Path:
    """A daily paper's archive of *articles* articles over *issues* consecutive issues (by
    default one per 91 articles: 3 years of dailies for 100k)."""
    rng = random.Random(seed)
    material = Material()
    issues = issues or max(1, round(articles / 91.3))
    if (out / PAPER).exists():
        import shutil

        shutil.rmtree(out / PAPER)
    done = 0
    for k in range(issues):
        count = articles * (k + 1) // issues - done
        write_issue(out, start + dt.timedelta(days=k), count, pages, rng, material)
        done += count
    return out


def add_issue(out: Path, date: dt.date, articles: int, pages: int = 8, seed: int = 20240904) -> Path:
    """One more issue in an existing archive; its folder must not exist yet."""
    folder = out / PAPER / f"{date:%Y}" / f"{date:%m}" / f"{date:%d}"
    if folder.exists():
        raise SystemExit(f"{folder} already exists")
    write_issue(out, date, articles, pages, random.Random(f"{seed}-{date}"), Material())
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=20240904)
    parser.add_argument("--archive", action="store_true", help="a dated archive tree, not a flat folder")
    parser.add_argument("--issues", type=int, help="issues in the archive (default: one per 91 articles)")
    parser.add_argument("--pages", type=int, default=8, help="pages per issue")
    parser.add_argument("--start", type=dt.date.fromisoformat, default=dt.date(2022, 1, 1), help="the first issue's date")
    parser.add_argument("--add-issue", type=dt.date.fromisoformat, metavar="DATE",
                        help="add one issue of --articles articles to an existing archive")
    args = parser.parse_args()
    if args.add_issue:
        print(add_issue(args.out, args.add_issue, args.articles, args.pages, args.seed))
    elif args.archive:
        generate_archive(args.out, args.articles, args.issues, args.pages, args.start, args.seed)
    else:
        generate(args.out, args.articles, args.seed)


if __name__ == "__main__":
    main()
