"""A reproducible synthetic corpus of N articles recombined from the seed pages.

Every article gets a seed headline (sometimes two joined), a ``本报讯 M月D日`` dateline, 3–8
paragraphs drawn from the seed paragraphs and a byline; pages hold 20 articles each. The
same (N, seed) always gives the same files. Recombining ~200 paragraphs makes every term
common — a worst case for search; real archives are Zipfian.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader.corpus import load_corpus  # noqa: E402

PER_PAGE = 20
AUTHORS = ["高美梅", "惠晓婧", "陈菁菁", "王怡荻", "周晓方", "唐芸芸", "胡志杰", "韩玲", "杨明洁", "邵旭根"]


def generate(out: Path, articles: int, seed: int = 20240904) -> Path:
    rng = random.Random(seed)
    corpus = load_corpus(ROOT / "seeds")
    titles = [a.title for a in corpus.articles if not a.title_inferred]
    subtitles = [s for a in corpus.articles for s in a.subtitles if not s.startswith("——")]
    paragraphs = [p for a in corpus.articles for p in a.paragraphs[1:] if len(p) > 30]
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=20240904)
    args = parser.parse_args()
    generate(args.out, args.articles, args.seed)


if __name__ == "__main__":
    main()
