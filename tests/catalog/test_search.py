import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.catalog.search import normalize

# query -> code that must rank first
RELEVANCE = [
    ("居住证", "370481-GA-JZ-001"),
    ("jzz", "370481-GA-JZ-001"),
    ("juzhuzheng", "370481-GA-JZ-001"),
    ("居住", "370481-GA-JZ-001"),
    ("居zz", "370481-GA-JZ-001"),
    ("ju住z", "370481-GA-JZ-001"),
    ("juzhuz", "370481-GA-JZ-001"),
    ("JZZ", "370481-GA-JZ-001"),
    ("ｊｚｚ", "370481-GA-JZ-001"),
    ("ju zhu zheng", "370481-GA-JZ-001"),
    ("居住证签注", "370481-GA-JZ-002"),
    ("身份证", "370481-GA-HJ-004"),
    ("sfz", "370481-GA-HJ-004"),
    ("户口本", "370481-GA-HJ-005"),
    ("上户口", "370481-GA-HJ-001"),
    ("出生登记", "370481-GA-HJ-001"),
    ("开公司", "370481-YJS-QYKB"),
    ("kgs", "370481-YJS-QYKB"),
    ("营业执照变更", "370481-SP-QY-005"),
    ("yyzzbg", "370481-SP-QY-005"),
    ("个体户", "370481-SP-QY-006"),
    ("刻章", "370481-GA-QY-002"),
    ("失业金", "370481-RS-SB-005"),
    ("shiyejin", "370481-RS-SB-005"),
    ("社保卡", "370481-RS-SB-003"),
    ("异地就医", "370481-YB-002"),
    ("ydjy", "370481-YB-002"),
    ("异地看病", "370481-YB-002"),
    ("租房提取", "370481-GJJ-002"),
    ("房产证丢了", "370481-ZR-BDC-005"),
    ("二手房", "370481-ZR-BDC-001"),
    ("施工许可", "370481-SP-JS-001"),
    ("sgxk", "370481-SP-JS-001"),
    ("残疾证", "370481-YJS-CJR"),
    ("老年证", "370481-MZ-YL-002"),
    ("laonianzheng", "370481-MZ-YL-002"),
    ("高龄津贴", "370481-MZ-YL-001"),
    ("退休一件事", "370481-YJS-TX"),
    ("生育登记", "370481-WJ-SY-001"),
    ("慢性病", "370481-YB-004"),
]


@pytest.mark.parametrize(("query", "code"), RELEVANCE)
def test_expected_item_ranks_first(catalog, query, code):
    hits = catalog.search(query, limit=5)
    assert hits, f"nothing found for {query!r}"
    assert hits[0].code == code, f"{query!r}: got {[h.name for h in hits]}"


def test_department_names_and_aliases_find_their_items(catalog):
    for query in ("医保局", "滕州市医疗保障局", "yibaoju"):
        hits = catalog.search(query, limit=50)
        assert hits and all(getattr(h, "department", None) == "tz-ybj" for h in hits), query
    assert len(catalog.search("医保局", limit=50)) == sum(1 for i in catalog.items if i.department == "tz-ybj")


def test_popular_item_first_among_equal_matches(catalog):
    names = [h.code for h in catalog.search("社会保障卡", limit=5)]
    assert names.index("370481-RS-SB-003") < names.index("370481-RS-SB-004")  # 850 vs 640 requests


def test_prefix_of_name_beats_match_inside_a_name(catalog):
    hits = [h.code for h in catalog.search("户口", limit=10)]
    inside = hits.index("370481-GA-HJ-006")  # 死亡注销户口: 户口 at the end
    assert all(hits.index(c) < inside for c in ("370481-GA-HJ-002", "370481-GA-HJ-003"))


def test_limit_and_no_duplicates(catalog):
    hits = catalog.search("d", limit=7)
    assert len(hits) == 7
    assert len({h.code for h in hits}) == 7
    assert catalog.search("d", limit=0) == []


def test_nonsense_finds_nothing(catalog):
    assert catalog.search("zzzzqqq") == []
    assert catalog.search("   ") == []
    assert catalog.search("鑫鑫鑫") == []


def test_normalize_folds_width_case_and_separators():
    assert normalize(" Ju'Zhu-Zheng ") == "juzhuzheng"
    assert normalize("ＪＺＺ") == "jzz"
    assert normalize("lü") == "lv"


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=12))
def test_any_input_gives_a_bounded_answer(catalog, query):
    hits = catalog.search(query, limit=5)
    assert len(hits) <= 5
    assert len({h.code for h in hits}) == len(hits)


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_every_prefix_of_a_name_finds_that_item(catalog, data):
    item = data.draw(st.sampled_from(catalog.items))
    n = data.draw(st.integers(1, len(item.name)))
    codes = [h.code for h in catalog.search(item.name[:n], limit=200)]
    assert item.code in codes


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_any_mix_of_characters_syllables_and_initials_finds_the_item(catalog, data):
    from kiosk.catalog.search import syllables

    item = data.draw(st.sampled_from(catalog.items))
    chars, pys = syllables(normalize(item.name))
    start = data.draw(st.integers(0, len(chars) - 1))
    end = data.draw(st.integers(start + 1, min(len(chars), start + 5)))
    parts = []
    for c, p in zip(chars[start:end], pys[start:end], strict=True):
        form = data.draw(st.sampled_from(["char", "full", "initial"]))
        parts.append(c if form == "char" else p if form == "full" else p[0])
    query = "".join(parts)
    assert item.code in [h.code for h in catalog.search(query, limit=1000)], query
