"""The five seed pages, as read by a person: articles, titles, authors, dates, joins."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from reader.corpus import load_corpus, parse_page

PAGE_FILES = [
    "000_1da50ff15a4639bc.txt",
    "001_2c0a0f2cccb9818b.txt",
    "002_ee7dceab59559e6c.txt",
    "003_97f06f6a0800c661.txt",
    "004_8f21bd2acd7777d7.txt",
]

# (title, authors, date label, continued_from) per page, in page order.
EXPECTED = {
    0: [
        ("市委常委会召开会议", ("高美梅", "惠晓婧"), "9月4日", None),
        ("市委常委会会议专题研究部署学习弘扬延安精神、深化对口协作合作相关工作", ("惠晓婧",), "9月4日", None),
        ("市政府召开“两重”“两新”工作推进会", ("王怡荻",), "9月5日", None),
        ("西门子中压智能化数字工厂在锡开工", ("陈菁菁",), "9月5日", None),
    ],
    1: [
        ("中国诚通高层来锡考察", ("惠晓婧",), "8月12日", None),
        ("市政府召开党组(扩大)会议暨理论学习中心组学习会", ("周晓方",), "8月12日", None),
        ("市政府召开第8次常务会议", ("陈菁菁",), "8月12日", None),
        ("江苏组织 千人采样队 支援海南", ("交汇点",), "8月12日", None),
    ],
    2: [
        ("杜小刚主持召开全市经济运行基层座谈会暨投资工作汇报会", ("高美梅", "惠晓婧"), "6月6日", None),
        ("我市与上外签署市校全面深化合作框架协议", ("高美梅",), "6月6日", None),
        ("赵建军率无锡团在德国密集拜访对接跨国企业并举办产业合作交流会", ("陈菁菁",), "6月2日至5日", None),
    ],
    3: [
        ("锚定目标 乘势而上", ("唐芸芸", "胡志杰", "韩玲", "尹晖", "张子秋", "杨明洁", "裴培兴", "邵旭根"), None, None),
        ("全会强调，要坚决履行管党治党政治责任", ("高美梅", "惠晓婧"), None, 1),  # its 第1版 is continued_from
    ],
    4: [
        ("锚定新目标，奋楫再出发", ("本报记者",), None, None),
        ("2023首届无锡国际 人工智能算法大赛举行", ("韩玲",), "12月27日", None),
        ("2387家锡企 投保环责险", ("陈菁菁",), None, None),
        ("锚定目标真正挑起大梁 奋发进取矢志多作贡献", ("高美梅", "惠晓婧"), None, 1),
        ("矢志争创一流", (), None, 1),
        ("中国共产党无锡市第十四届委员会第六次全体会议决议", (), None, 1),
    ],
}

# Paragraphs broken by column breaks, as (end of first fragment, start of the next).
JOINS = {
    0: ["中央生态环境保护督察的延伸", "党的二十届三中全会", "增量政策举措", "西门子智能基础设施事业部"],
    1: ["国联合资组建,主要服务", "开发研制和产业化", "政治执行力,坚定", "各项工作有力有序推进", "全面加强与大湾区联动"],
    2: ["乘势而上,动员", "主动自加压力、自我突破", "研究中心无锡基地为依托", "双方优质资源,在城市", "持续增强在锡产能"],
    3: [
        "特别是南理工、江大", "双控双减，国省考断面", "氢能和储能、低空经济", "深入实施“深耕上海”",
        "加强政策研发，强化", "特色产业集群，全力", "高品质园区载体", "长三角集成电路工业", "设备更新步伐，落实",
        "加快推动蓝箭航天", "巩固战略性新兴产业", "研发机构“孵化”功能", "健适医疗无锡研发生产二期",
        "焕新升级项目100个以上", "产出一批标志性科研成果", "水城交融并且充满", "政治功能和组织功能",
        "“四下基层”制度，尤其要", "关心关爱各级党员干部", "对突出问题继续对照检视", "全市上下要全面落实党中央",
    ],
    4: ["无锡硕放机场作为", "重要讲话重要指示精神，以“不怕困难", "更好统筹发展和安全", "更大力度协同推进"],
}


@pytest.fixture(scope="module")
def pages(seeds):
    return {i: parse_page((seeds / name).read_text("utf-8"), name, i) for i, name in enumerate(PAGE_FILES)}


def test_seeds_are_the_shared_pages_unchanged(seeds):
    assert sorted(p.name for p in seeds.glob("*.txt")) == PAGE_FILES
    shared = seeds.parent.parent / "shared" / "seeds"
    if shared.is_dir():
        for name in PAGE_FILES:
            assert (seeds / name).read_bytes() == (shared / name).read_bytes()


@pytest.mark.parametrize("page", range(5))
def test_expected_articles(pages, page):
    got = [(a.title, a.authors, a.date.label if a.date else None, a.continued_from) for a in pages[page]]
    assert got == EXPECTED[page]


@pytest.mark.parametrize("page", range(5))
def test_column_breaks_are_joined(pages, page):
    text = "\n".join(p for a in pages[page] for p in a.paragraphs)
    for joined in JOINS[page]:
        assert joined in text, joined


@pytest.mark.parametrize("page", range(5))
def test_no_character_lost_or_reordered(seeds, pages, page):
    raw = re.sub(r"\s", "", (seeds / PAGE_FILES[page]).read_text("utf-8"))
    pieces = ["".join(re.sub(r"\s", "", x) for x in a.source_pieces()) for a in pages[page]]
    assert Counter("".join(pieces)) == Counter(raw)  # every character, exactly once
    for piece in pieces:  # and each article's text in page order
        it = iter(raw)
        assert all(ch in it for ch in piece)


def test_real_paragraph_ends_are_not_joined(pages):
    paras = [p for a in pages[1] for p in a.paragraphs]
    assert "杜小刚感谢中国诚通长期以来对无锡经济社会发展的关心支持。" in paras
    # a paragraph opening with a year after an unfinished one stays separate
    side_note = pages[4][0]
    assert any(p.startswith("2023年，全面贯彻党的二十大精神开局之年") for p in side_note.paragraphs)


def test_subtitles_and_lead_lines(pages):
    a = pages[0][0]
    assert a.subtitles == ("学习贯彻习近平总书记近期系列重要讲话重要指示精神 研究部署相关工作",)
    assert pages[1][2].subtitles == ("落实政府工作报告夯实提升产业集群产业链", "探索跨区域融合发展力促外贸外资提质增效")
    assert pages[4][2].subtitles == ("规模在全国地级市中排名第一",)
    assert pages[4][0].subtitles == ("——市委十四届六次全会侧记",)


def test_bylines_are_not_left_in_the_text(pages):
    for articles in pages.values():
        for a in articles:
            for p in a.paragraphs:
                assert not re.search(r"[(（][\u4e00-\u9fff、]{2,12}[)）]$", p), p


def test_feature_sections_of_the_one_hand_interviews(pages):
    feature = pages[3][0]
    names = [s.headings[0] for s in feature.sections]
    assert names == ["江阴", "宜兴", "梁溪", "锡山", "惠山", "滨湖", "新吴", "经开"]
    jiangyin = feature.sections[0]
    assert jiangyin.headings[1] == "勇当发展新质生产力的排头兵"
    assert jiangyin.authors == ("唐芸芸",)
    assert feature.paragraphs[0].startswith("锐意进取，攻坚克难")  # the intro, before any section
    assert feature.section_of(jiangyin.start) is jiangyin


def test_side_note_has_four_themed_parts(pages):
    sections = pages[4][0].sections
    assert [s.headings[0] for s in sections] == [
        "加快培育新质生产力， 让创新“底色”愈加浓厚",
        "加速产业攀登有强， 把“最强王牌”打得更精彩",
        "推动区域联动协同， 构建更紧密的发展共同体",
        "拓展国际循环新空间， 以高水平开放赢得未来",
    ]


def test_displaced_fragment_returns_to_its_article(pages):
    plenum, commentary = pages[4][3], pages[4][4]
    assert any("重要讲话重要指示精神，以“不怕困难" in p for p in plenum.paragraphs)
    assert [s.headings for s in commentary.sections] == [("奋力多作贡献",)]
    assert commentary.paragraphs[-1].startswith("使命在肩")


def test_continuation_marks(pages):
    cont = pages[3][1]
    assert cont.continued_from == 1 and cont.marker == "（上接第1版）"
    assert cont.title_inferred
    assert cont.paragraphs[0].startswith("与习近平总书记关于发展新质生产力")


def test_ids_are_stable_and_independent_of_file_order(seeds, tmp_path):
    first = load_corpus(seeds)
    # copy the pages under other names that sort in reverse order
    for i, name in enumerate(PAGE_FILES):
        (tmp_path / f"{9 - i}_{name}").write_bytes((seeds / name).read_bytes())
    again = load_corpus(seeds)
    assert [a.id for a in first.articles] == [a.id for a in again.articles]
    assert len({a.id for a in first.articles}) == len(first.articles) == 19
    # the same page text under the same file name gives the same ids wherever it sits
    other = tmp_path / "other"
    other.mkdir()
    (other / PAGE_FILES[2]).write_bytes((seeds / PAGE_FILES[2]).read_bytes())
    moved = load_corpus(other)
    assert [a.id for a in moved.articles] == [a.id for a in first.articles if a.source == PAGE_FILES[2]]


def test_dates_keep_month_and_day(pages):
    assert pages[2][2].date.iso == "06-02/06-05"
    assert pages[0][0].date.iso == "09-04"
