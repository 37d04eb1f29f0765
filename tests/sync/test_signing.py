import hashlib
import hmac

from hypothesis import given
from hypothesis import strategies as st

from kiosk.sync.signing import body_digest, sign_request, signature, string_to_sign, verify


def test_string_to_sign_is_exactly_the_contract():
    text = string_to_sign("post", "/api/v1/applications?x=1", "1700000000", "abc", body_digest(b"{}"))
    assert text == (
        "POST\n/api/v1/applications?x=1\n1700000000\nabc\n"
        "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"
    )
    expected = hmac.new(b"s3cret", text.encode(), hashlib.sha256).hexdigest()
    assert signature("s3cret", "POST", "/api/v1/applications?x=1", "1700000000", "abc", body_digest(b"{}")) == expected


@given(body=st.binary(max_size=200), path=st.text(min_size=1, max_size=40), nonce=st.text(min_size=1, max_size=20))
def test_any_change_breaks_the_signature(body, path, nonce):
    h = sign_request("K1", "secret-1", "PUT", path, body, 1_700_000_000.5, nonce=nonce)
    assert h.timestamp == "1700000000"
    ok = verify("secret-1", "PUT", path, h.timestamp, nonce, body_digest(body), h.signature)
    assert ok
    assert not verify("secret-2", "PUT", path, h.timestamp, nonce, body_digest(body), h.signature)
    assert not verify("secret-1", "PUT", path, h.timestamp, nonce, body_digest(body + b"x"), h.signature)
    assert not verify("secret-1", "GET", path, h.timestamp, nonce, body_digest(body), h.signature)
    assert not verify("secret-1", "PUT", path, "1700000001", nonce, body_digest(body), h.signature)
