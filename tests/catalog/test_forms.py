from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from devices.identity import DocumentType, Identity
from devices.idnumber import check_char
from kiosk.forms import FieldSpec, prefill, resolve_date_bound, split_address, validate_form

TODAY = date(2026, 11, 24)
ID = FieldSpec(name="id", kind="id_number", label="公民身份号码", label_en="ID number")
PHONE = FieldSpec(name="phone", kind="phone", label="联系电话", label_en="Phone number")
BIRTH = FieldSpec(
    name="birth", kind="date", label="出生日期", label_en="Date of birth", min_date="1900-01-01", max_date="today"
)
CHILD = FieldSpec(name="child", kind="date", label="新生儿出生日期", min_date="today-1y", max_date="today")


def id_numbers(valid: bool = True):
    """Well-formed ID numbers with a real birth date; ``valid=False`` gives a wrong check character."""

    def build(region: int, born: date, seq: int, shift: int) -> str:
        first17 = f"{region:06d}{born:%Y%m%d}{seq:03d}"
        good = check_char(first17)
        if valid:
            return first17 + good
        chars = "10X98765432"
        return first17 + chars[(chars.index(good) + shift) % 11]

    return st.builds(
        build,
        st.integers(110000, 659999),
        st.dates(date(1900, 1, 1), date(2026, 1, 1)),
        st.integers(0, 999),
        st.integers(1, 10),
    )


@settings(max_examples=150, deadline=None)
@given(id_numbers(valid=True), st.booleans())
def test_valid_id_numbers_pass_and_are_upper_cased(number, lower):
    result = validate_form([ID], {"id": number.lower() if lower else number}, today=TODAY)
    assert result.ok, result.errors
    assert result.values["id"] == number


@settings(max_examples=150, deadline=None)
@given(id_numbers(valid=False))
def test_wrong_check_character_is_refused_in_both_languages(number):
    result = validate_form([ID], {"id": number}, today=TODAY)
    assert [e.code for e in result.errors] == ["id_check_digit"]
    msg = result.errors[0].message
    assert "校验位" in msg["zh-CN"] and "check character" in msg["en"]


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=25))
def test_any_text_as_id_number_never_crashes(text):
    result = validate_form([ID], {"id": text}, today=TODAY)
    assert result.ok or result.errors[0].code in {
        "required",
        "id_length",
        "id_characters",
        "id_birth_date",
        "id_check_digit",
    }


@settings(max_examples=150, deadline=None)
@given(st.sampled_from("3456789"), st.text("0123456789", min_size=9, max_size=9))
def test_mobile_numbers_pass(second, rest):
    assert validate_form([PHONE], {"phone": f"1{second}{rest}"}, today=TODAY).ok


@settings(max_examples=150, deadline=None)
@given(st.text("0123456789-+ ", max_size=14))
def test_phone_rule(text):
    result = validate_form([PHONE], {"phone": text}, today=TODAY)
    compact = text.replace(" ", "")
    import re

    expected = bool(re.fullmatch(r"1[3-9]\d{9}|0\d{2,3}-?\d{7,8}", compact))
    assert result.ok == expected


@pytest.mark.parametrize("phone", ["0632-5500000", "06325500000", "138 0000 0000"])
def test_landlines_and_spaced_mobiles(phone):
    assert validate_form([PHONE], {"phone": phone}, today=TODAY).ok


@settings(max_examples=150, deadline=None)
@given(st.dates(date(1800, 1, 1), date(2100, 12, 31)))
def test_date_ranges(day):
    result = validate_form([BIRTH], {"birth": day.isoformat()}, today=TODAY)
    if date(1900, 1, 1) <= day <= TODAY:
        assert result.ok and result.values["birth"] == day.isoformat()
    else:
        assert result.errors[0].code in {"date_too_early", "date_too_late"}
        assert result.errors[0].message["en"].startswith("Date of birth cannot be")


def test_relative_date_bounds():
    assert resolve_date_bound("today-1y", TODAY) == date(2025, 11, 24)
    assert resolve_date_bound("today+30d", TODAY) == date(2026, 12, 24)
    assert resolve_date_bound("today-1y", date(2024, 2, 29)) == date(2023, 2, 28)
    assert not validate_form([CHILD], {"child": "2025-11-23"}, today=TODAY).ok
    assert validate_form([CHILD], {"child": "2025-11-24"}, today=TODAY).ok
    with pytest.raises(ValueError):
        FieldSpec(name="d", kind="date", label="日期", min_date="yesterday")


def test_required_optional_lengths_and_messages():
    fields = [
        FieldSpec(name="name", kind="name", label="申请人姓名", label_en="Applicant's name"),
        FieldSpec(name="note", kind="text", label="备注", required=False, max_length=5),
        FieldSpec(name="code", kind="text", label="统一社会信用代码", min_length=18, max_length=18),
    ]
    result = validate_form(fields, {"name": "  ", "note": "123456", "code": "123"}, today=TODAY)
    assert [(e.field, e.code) for e in result.errors] == [
        ("name", "required"),
        ("note", "too_long"),
        ("code", "too_short"),
    ]
    assert result.errors[0].message == {"zh-CN": "请填写“申请人姓名”", "en": "Please fill in Applicant's name"}
    assert "18" in result.errors[2].message["zh-CN"]
    ok = validate_form(fields, {"name": "阿依古丽·买买提", "code": "9" * 18, "extra": "dropped"}, today=TODAY)
    assert ok.ok and ok.values == {"name": "阿依古丽·买买提", "note": None, "code": "9" * 18}


@pytest.mark.parametrize("bad", ["Zhang San", "张3", "张", "张三·", "·张三"])
def test_chinese_names_only(bad):
    spec = FieldSpec(name="n", kind="name", label="姓名")
    assert not validate_form([spec], {"n": bad}, today=TODAY).ok


def test_money_number_choice_checkbox_address_signature():
    fields = [
        FieldSpec(name="amount", kind="money", label="金额", maximum=1000),
        FieldSpec(name="count", kind="number", label="人数", minimum=1, maximum=9),
        FieldSpec(name="kind", kind="choice", label="类型", choices=[{"value": "a", "label": "甲"}]),
        FieldSpec(name="agree", kind="checkbox", label="承诺"),
        FieldSpec(name="addr", kind="address", label="地址"),
        FieldSpec(name="sig", kind="signature", label="签名"),
    ]
    bad = validate_form(
        fields,
        {
            "amount": "12.345",
            "count": 10,
            "kind": "b",
            "agree": False,
            "addr": {"province": "山东省", "city": "", "district": "滕州市", "detail": "x"},
            "sig": "",
        },
        today=TODAY,
    )
    assert [e.code for e in bad.errors] == [
        "money_decimals",
        "too_large",
        "choice",
        "must_check",
        "address_part",
        "required",
    ]
    good = validate_form(
        fields,
        {
            "amount": "999.50",
            "count": "3",
            "kind": "a",
            "agree": True,
            "addr": {"province": "山东省", "city": "枣庄市", "district": "滕州市", "detail": "荆河街道政务路1号"},
            "sig": "sig-0001",
        },
        today=TODAY,
    )
    assert good.ok, good.errors
    assert good.values["amount"] == "999.50" and good.values["count"] == 3
    assert validate_form(fields[:1], {"amount": "-1"}, today=TODAY).errors[0].code == "too_small"
    assert validate_form(fields[:1], {"amount": "NaN"}, today=TODAY).errors[0].code == "money_format"


@settings(max_examples=100, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["amount", "count", "addr", "agree", "x"]),
        st.one_of(
            st.none(),
            st.text(max_size=8),
            st.integers(),
            st.floats(),
            st.booleans(),
            st.lists(st.integers(), max_size=2),
        ),
        max_size=5,
    )
)
def test_garbage_values_never_raise(values):
    fields = [
        FieldSpec(name="amount", kind="money", label="金额"),
        FieldSpec(name="count", kind="number", label="人数", required=False),
        FieldSpec(name="addr", kind="address", label="地址"),
        FieldSpec(name="agree", kind="checkbox", label="承诺"),
    ]
    result = validate_form(fields, values, today=TODAY)
    for err in result.errors:
        assert err.message["zh-CN"] and err.message["en"]


def test_prefill_from_identity(catalog):
    person = Identity(
        name="张三",
        id_number="11010519491231002x",
        document_type=DocumentType.RESIDENT_ID,
        sex="",
        address="山东省枣庄市滕州市荆河街道政务路1号",
    )
    fields = catalog.plan("370481-RS-SB-001").fields
    values = prefill(fields, person)
    assert values["applicant_name"] == "张三"
    assert values["applicant_id_number"] == "11010519491231002X"
    assert values["applicant_sex"] == "2"  # from the sequence digit when the card gave none
    assert values["applicant_birth_date"] == "1949-12-31"
    assert values["applicant_address"] == {
        "province": "山东省",
        "city": "枣庄市",
        "district": "滕州市",
        "detail": "荆河街道政务路1号",
    }
    assert "applicant_phone" not in values
    assert prefill(fields, None) == {}


def test_split_address_for_municipalities_and_regions():
    assert split_address("北京市东城区东长安街1号")["district"] == "东城区"
    assert split_address("广西壮族自治区南宁市青秀区民族大道")["city"] == "南宁市"
    assert split_address("某地某处")["detail"] == "某地某处"
