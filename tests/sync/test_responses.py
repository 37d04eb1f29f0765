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
    r.parse_upload_state,
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
    assert r.parse_upload_state({"received": 10, "complete": False}) == r.UploadState(10, False)
    with pytest.raises(MalformedResponse):
        r.parse_upload_state({"received": True, "complete": False})  # a bool is not a byte count
    with pytest.raises(MalformedResponse):
        r.parse_case_receipt({"case_no": "", "status": "received"})
    with pytest.raises(MalformedResponse):
        r.decode_json(b"[" * 100000)
    assert r.parse_error(b'{"error": {"code": "x", "message": "y"}}') == ("x", "y")
