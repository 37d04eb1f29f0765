import json

from kiosk.catalog import Catalog, sample_document
from kiosk.catalog.situations import describe_material

LICENCES = {
    "resident_id",
    "household_register",
    "marriage_cert",
    "real_estate_cert",
    "business_license",
    "residence_permit",
    "birth_medical_cert",
    "social_security_card",
}


def test_sample_has_enough_items_bundles_and_themes(catalog):
    assert len(catalog.items) >= 40
    assert len(catalog.bundles) >= 4
    themes = {i.category for i in catalog.items}
    for needed in (
        "hukou",
        "residence",
        "social",
        "medical",
        "housing-fund",
        "real-estate",
        "construction",
        "business",
        "elderly",
        "disability",
        "birth",
        "retirement",
    ):
        assert needed in themes
    assert {"personal", "enterprise"} <= {a for i in catalog.items for a in i.audience}


def test_every_item_has_a_complete_guide(catalog):
    for item in catalog.items:
        assert item.conditions and item.process and item.legal_basis, item.code
        assert item.place.address and item.place.hours and item.contact.complaint_phone, item.code
        assert item.time_limit.promised_days <= (item.time_limit.legal_days or 365), item.code
        assert item.materials, item.code
        if item.kiosk:
            assert item.form, item.code


def test_licence_types_match_the_platform_codes(catalog):
    assert set(catalog.document.licence_types) == LICENCES
    used = {m.licence_type for i in catalog.items for m in i.materials if m.licence_type}
    assert used == LICENCES


def test_sample_document_is_json_and_validates_again():
    doc = sample_document()
    again = json.loads(json.dumps(doc, ensure_ascii=False))
    assert again == doc
    assert Catalog.from_dict(again).version == doc["version"]
    doc["items"].clear()  # callers get a private copy
    assert sample_document()["items"]


def test_materials_describe_themselves():
    cat = Catalog.from_dict(sample_document())
    line = describe_material(next(m for m in cat.item("370481-GA-HJ-001").materials if m.licence_type))
    assert line.startswith("出生医学证明（原件 1 份") and "电子证照" in line


def test_importing_the_package_loads_no_pinyin_tables():
    import subprocess
    import sys

    code = "import sys, kiosk.catalog; print('pypinyin' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_guide_sections_follow_the_published_order(catalog):
    from kiosk.catalog.guide import guide_sections

    item = catalog.item("370481-ZR-BDC-001")
    sections = guide_sections(item, catalog.department_name(item.department))
    assert [s.title for s in sections] == [
        "基本信息",
        "受理条件",
        "申请材料",
        "办理流程",
        "办理时限",
        "收费标准",
        "设定依据",
        "办理地点和时间",
        "常见问题",
        "咨询和监督投诉",
    ]
    assert "实施部门：滕州市自然资源局（不动产登记中心）" in sections[0].lines
    assert sections[5].lines[0].startswith("不动产登记费：住宅80元/件")
    free = guide_sections(catalog.item("370481-GA-JZ-002"))
    assert next(s for s in free if s.title == "收费标准").lines == ("不收费",)
    assert "常见问题" not in [s.title for s in free]
