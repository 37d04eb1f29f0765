import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.sync import responses as r
from kiosk.sync.errors import MalformedResponse

PARSERS = [
    r.parse_case_receipt,
    r.parse_case_status,
    r.parse_licences,
    r.parse_face_match,
    r.parse_cases,
    r.parse_queue_ticket,
    r.parse_evaluation,
    r.parse_heartbeat,
    r.parse_catalog,
]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=5),
    max_leaves=20,
)

KEYS = [
    "case_no",
    "status",
    "promised_date",
    "timeline",
    "at",
    "item_code",
    "licenses",
    "type",
    "name",
    "number",
    "ref",
    "match",
    "score",
    "received",
    "complete",
    "ticket_no",
    "waiting",
    "evaluation_id",
    "server_time",
]
near_valid = st.dictionaries(st.sampled_from(KEYS), json_values, max_size=8)


@pytest.mark.parametrize("parser", PARSERS)
@settings(max_examples=60)
@given(value=json_values | near_valid)
def test_parsers_return_a_result_or_a_typed_error(parser, value):
    try:
        parser(value)
    except MalformedResponse as exc:
        assert exc.message


@given(body=st.binary(max_size=300))
def test_decode_json_never_crashes(body):
    try:
        r.decode_json(body)
    except MalformedResponse:
        pass


@given(body=st.binary(max_size=300) | st.builds(lambda v: json.dumps(v).encode(), json_values))
def test_parse_error_never_crashes(body):
    code, message = r.parse_error(body)
    assert isinstance(code, str) and isinstance(message, str)


def test_well_formed_answers_parse():
    receipt = r.parse_case_receipt({"case_no": "SQ1", "status": "received", "promised_date": "2026-01-02"})
    assert receipt.case_no == "SQ1"
    status = r.parse_case_status(
        {
            "case_no": "SQ1",
            "status": "accepted",
            "item_code": "X",
            "promised_date": "",
            "timeline": [{"status": "received", "at": 1}, {"status": "accepted", "at": 2.5}],
        }
    )
    assert [e.status for e in status.timeline] == ["received", "accepted"]
    with pytest.raises(MalformedResponse):
        r.parse_case_receipt({"case_no": "", "status": "received"})
    with pytest.raises(MalformedResponse):
        r.decode_json(b"[" * 100000)
    assert r.parse_error(b'{"error": {"code": "x", "message": "y"}}') == ("x", "y")


def test_answers_tolerate_unknown_fields_and_missing_optional_ones():
    receipt = r.parse_case_receipt({"case_no": "SQ1", "status": "received", "extra": {"nested": [1]}})
    assert receipt.promised_date == "" and receipt.case_no == "SQ1"
    status = r.parse_case_status({"case_no": "SQ1", "status": "accepted", "timeline": [], "province_field": 1})
    assert status.item_code == "" and status.timeline == ()
    lic = r.parse_licences({"licenses": [{"type": "id", "name": "身份证", "number": "1", "ref": "r1", "x": 0}]})
    assert lic[0].issuer == "" and lic[0].ref == "r1"
    assert r.parse_queue_ticket({"ticket_no": "A001", "waiting": 3}).window == ""
    assert r.parse_heartbeat({}).server_time is None
    assert r.parse_heartbeat(None).server_time is None  # 204: no body at all


def test_timestamps_are_rfc3339_with_an_offset_or_unix_seconds():
    case = {
        "case_no": "SQ1",
        "status": "received",
        "timeline": [{"status": "received", "at": "2026-11-24T09:30:00+08:00"}],
    }
    assert r.parse_case_status(case).timeline[0].at == 1795483800.0
    case["timeline"][0]["at"] = "2026-11-24T01:30:00Z"
    assert r.parse_case_status(case).timeline[0].at == 1795483800.0
    case["timeline"][0]["at"] = 1795483800
    assert r.parse_case_status(case).timeline[0].at == 1795483800.0
    for bad in ("2026-11-24T09:30:00", "yesterday", True, -5):
        case["timeline"][0]["at"] = bad
        with pytest.raises(MalformedResponse):
            r.parse_case_status(case)


def test_malformed_answers_name_fields_never_values():
    with pytest.raises(MalformedResponse) as err:
        r.parse_case_receipt({"case_no": {"name": "王秀英"}, "status": "received"})
    assert "case_no" in err.value.message and "王秀英" not in str(err.value)
