"""English of the catalog: complete for the sample, parallel lists checked, a clear line where a platform's
catalog lacks it, and ``kiosk catalog check`` warning with the count."""

from __future__ import annotations

import copy
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.catalog import (
    CHINESE_ONLY,
    CHINESE_ONLY_NAME,
    SAMPLE_DIR,
    Catalog,
    CatalogError,
    Material,
    build_document,
    load_from_directory,
    material_name,
    target_name,
)
from kiosk.catalog.situations import describe_material
from kiosk.cli import main

CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]")


def _english_text(catalog: Catalog) -> list[str]:
    out = []
    for target in [*catalog.items, *catalog.bundles]:
        out.append(target_name(target, "en"))
        out.extend(line for s in catalog.guide(target, "en") for line in (s.title_en, *s.lines))
    plan = catalog.plan("370481-YJS-QYKB")
    out.append(plan.display_name("en"))
    out.extend(describe_material(n.material, "en") for n in plan.materials)
    return out


def test_the_sample_catalog_is_complete_in_english(catalog):
    assert catalog.missing_english() == []
    shown = _english_text(catalog)
    chinese = [line for line in shown if CJK.search(line)]
    assert chinese == []
    assert CHINESE_ONLY not in shown and CHINESE_ONLY_NAME not in "".join(shown)


def test_chinese_guide_is_unchanged_by_the_english_fields(catalog):
    item = catalog.item("370481-GA-HJ-001")
    lines = [line for s in catalog.guide(item) for line in s.lines]
    assert "事项名称：出生登记" in lines
    assert "实施部门：滕州市公安局" in lines
    assert any(line.startswith("1. 申请：") for line in lines)
    english = [line for s in catalog.guide(item, "en") for line in s.lines]
    assert "Department: Tengzhou Public Security Bureau" in english
    assert "Type: Administrative confirmation" in english
    assert "Legal time limit: 5 working days" in english and "Promised time limit: on the spot" in english
    assert "1. Application: The guardian fills in the details at the kiosk and verifies their identity." in english


def test_material_lines_in_english(catalog):
    item = catalog.item("370481-GA-HJ-001")
    birth = next(m for m in item.materials if m.id == "birth_medical_cert")
    assert describe_material(birth, "en") == (
        "Medical birth certificate (1 original, paper or electronic; an electronic licence will do)"
    )
    assert describe_material(birth) == "出生医学证明（原件 1 份，纸质或电子，可用电子证照）"
    photo = birth.model_copy(update={"form": "copy", "copies": 2, "licence_type": None, "medium": "paper"})
    assert describe_material(photo, "en") == "Medical birth certificate (2 photocopies, paper)"


def test_overriding_a_library_name_drops_its_english(tmp_path):
    """An item that renames a standard material must give its own English (or lack it), never the library's."""
    directory = tmp_path / "catalog"
    shutil.copytree(SAMPLE_DIR, directory)
    path = directory / "items" / "01-hukou.toml"
    text = path.read_text(encoding="utf-8")
    old = ', name_en = "Resident ID cards of both parents"'
    assert old in text
    path.write_text(text.replace(old, ""), encoding="utf-8")
    catalog = load_from_directory(directory)
    item = catalog.item("370481-GA-HJ-001")
    ids = next(m for m in item.materials if m.id == "resident_id")
    assert ids.name_en == ""
    assert "item 370481-GA-HJ-001: material resident_id name" in catalog.missing_english()
    # lacking its own English, it is named after the licence standing in for it
    assert material_name(ids, "en", catalog.document.licence_types_en) == "Resident ID card"
    assert material_name(ids, "zh-CN") == "父母双方居民身份证"


def _chinese_only(doc: dict) -> dict:
    """The document as a platform without English would send it."""

    def strip(node):
        if isinstance(node, dict):
            return {k: strip(v) for k, v in node.items() if not k.endswith("_en") or k == "label_en"}
        if isinstance(node, list):
            return [strip(v) for v in node]
        return node

    return strip(doc)


def test_a_catalog_without_english_shows_one_clear_line(doc):
    catalog = Catalog.from_dict(_chinese_only(doc))
    item = catalog.item("370481-GA-HJ-001")
    sections = {s.title_en: s.lines for s in catalog.guide(item, "en")}
    assert sections["Conditions"] == (CHINESE_ONLY,)
    assert sections["Legal basis"] == (CHINESE_ONLY,)
    assert sections["Process"] == ("1. Step", "2. Step", "3. Step", CHINESE_ONLY)
    assert sections["Time limits"][-1] == CHINESE_ONLY and sections["Time limits"][0].startswith("Legal")
    assert sections["Basic information"][0] == f"Service: {CHINESE_ONLY_NAME}"
    assert f"Department: {CHINESE_ONLY_NAME}" in sections["Basic information"]
    for title, lines in sections.items():
        assert not any(CJK.search(line) for line in lines), title
        assert lines.count(CHINESE_ONLY) <= 1, title
    unmarried = next(m for m in item.materials if m.id == "unmarried_statement")
    assert describe_material(unmarried, "en").startswith(CHINESE_ONLY_NAME)
    gaps = catalog.missing_english()
    assert "item 370481-GA-HJ-001: conditions" in gaps and "department tz-gaj: name" in gaps
    assert catalog.department_name("tz-gaj", "en") == CHINESE_ONLY_NAME
    assert catalog.department_name("tz-gaj") == "滕州市公安局"
    bundle = catalog.bundle("370481-YJS-QYKB")
    lines = [line for s in catalog.guide(bundle, "en") for line in s.lines]
    assert lines[0] == CHINESE_ONLY and not any(CJK.search(line) for line in lines)


@pytest.mark.parametrize("field", ["conditions_en", "legal_basis_en"])
def test_parallel_english_lists_must_match_in_length(doc, field):
    doc["items"][0][field] = ["only one line", "and another", "and a third"]
    with pytest.raises(CatalogError) as err:
        Catalog.from_dict(doc)
    assert f"{field} has 3 lines" in str(err.value)


def test_english_licence_names_must_name_licence_types(doc):
    doc["licence_types_en"]["passport"] = "Passport"
    with pytest.raises(CatalogError, match="passport is not a licence type"):
        Catalog.from_dict(doc)


def test_catalog_check_warns_about_missing_english(tmp_path, capsys):
    directory = tmp_path / "catalog"
    shutil.copytree(SAMPLE_DIR, directory)
    path = Path(directory / "items" / "02-residence.toml")
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(x for x in lines if not x.startswith(("result_en", "name_en"))) + "\n", encoding="utf-8")
    assert main(["catalog", "check", "--dir", str(directory)]) == 0
    captured = capsys.readouterr()
    assert captured.out.rstrip().endswith("OK")
    assert "text(s) in 2 item(s) or bundle(s) lack English" in captured.err
    assert "item 370481-GA-JZ-001: name" in captured.err and "item 370481-GA-JZ-002: result" in captured.err
    count = int(re.search(r"warning: (\d+) text", captured.err).group(1))
    assert count == len(load_from_directory(directory).missing_english()) == 4
    assert build_document(directory)["items"][0]["code"] == "370481-GA-HJ-001"


def test_platform_names_in_english(catalog):
    """The platform echoes the catalog's window and names issuers like the catalog's departments."""
    assert catalog.window_name("工程建设项目审批专区（E 区）", "en") == "Construction project approval zone (Zone E)"
    assert catalog.window_name("综合受理窗口", "en") == ""  # unknown: the screen says "Service desk"
    assert catalog.window_name("综合受理窗口") == "综合受理窗口"
    assert catalog.window_name("Window 3", "en") == "Window 3"
    assert catalog.authority_name("滕州市公安局", "en") == "Tengzhou Public Security Bureau"
    assert catalog.authority_name("滕州市自然资源和规划局", "en").startswith("Tengzhou Natural Resources Bureau")
    assert catalog.authority_name("某市某局", "en") == CHINESE_ONLY_NAME
    assert catalog.authority_name("滕州市公安局") == "滕州市公安局"


def test_every_reference_platform_issuer_has_english(catalog):
    from kiosk.platform.licences import LICENCE_TYPES, sample_licences

    city = sample_licences("370402198001011230")[0]["issuer"].removesuffix(LICENCE_TYPES["resident_id"][1])
    for _name, issuer in LICENCE_TYPES.values():
        english = catalog.authority_name(city + issuer, "en")
        assert english != CHINESE_ONLY_NAME and not CJK.search(english), issuer


@settings(max_examples=100, deadline=None)
@given(lines=st.lists(st.text(alphabet="abc xyz.", min_size=1, max_size=20), max_size=5))
def test_english_conditions_are_empty_or_one_per_line(sample_doc, lines):
    doc = copy.deepcopy(sample_doc)
    item = doc["items"][0]
    item["conditions_en"] = lines
    if not lines or len(lines) == len(item["conditions"]):
        assert Catalog.from_dict(doc).items[0].conditions_en == tuple(line.strip() for line in lines)
    else:
        with pytest.raises(CatalogError, match="conditions_en"):
            Catalog.from_dict(doc)


@settings(max_examples=150, deadline=None)
@given(
    form=st.sampled_from(["original", "copy", "original_and_copy"]),
    copies=st.integers(0, 20),
    medium=st.sampled_from(["paper", "electronic", "paper_or_electronic"]),
    licence=st.sampled_from([None, "resident_id", "passport"]),
    english=st.sampled_from(["", "A document"]),
)
def test_material_lines_in_english_never_show_chinese(form, copies, medium, licence, english):
    material = Material(
        id="doc", name="某某证明材料", name_en=english, form=form, copies=copies, medium=medium, licence_type=licence
    )
    line = describe_material(material, "en", {"resident_id": "Resident ID card"})
    assert not CJK.search(line)
    assert line.startswith(english or ("Resident ID card" if licence == "resident_id" else CHINESE_ONLY_NAME))
    assert CJK.search(describe_material(material))
