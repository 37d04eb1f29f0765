import copy

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.catalog import Catalog, CatalogError, CatalogStore, validate_document


def reject(doc, *fragments):
    with pytest.raises(CatalogError) as err:
        Catalog.from_dict(doc)
    text = str(err.value)
    for fragment in fragments:
        assert fragment in text, text
    return err.value


def test_the_sample_validates(doc):
    assert validate_document(doc).counts.items == len(doc["items"])


def test_not_an_object():
    for bad in (None, [], "catalog", 3):
        with pytest.raises(CatalogError, match="not a JSON object"):
            Catalog.from_dict(bad)


def test_partial_document_missing_items_is_rejected(doc):
    doc["items"] = doc["items"][:10]
    reject(doc, "partial catalog", "holds 10")


def test_missing_section(doc):
    del doc["departments"]
    reject(doc, "departments", "Field required")


def test_wrong_format(doc):
    doc["format"] = "kiosk-catalog/9"
    reject(doc, "format")


def test_item_missing_guide_field(doc):
    del doc["items"][3]["legal_basis"]
    reject(doc, "items.3.legal_basis")


def test_unknown_key_is_a_typo(doc):
    doc["items"][0]["materails"] = []
    reject(doc, "items.0.materails")


def test_duplicate_codes(doc):
    doc["items"][1]["code"] = doc["items"][0]["code"]
    reject(doc, "appears twice")


def test_bundle_with_unknown_item(doc):
    doc["bundles"][0]["items"] = [*doc["bundles"][0]["items"], "NO-SUCH-ITEM"]
    reject(doc, "unknown items ['NO-SUCH-ITEM']")


def test_derived_field_must_exist(doc):
    doc["bundles"][0]["derived_fields"] = ["no_such_field"]
    reject(doc, "derived field no_such_field")


def test_unknown_licence_type(doc):
    doc["items"][0]["materials"][0]["licence_type"] = "driving_licence"
    reject(doc, "unknown licence type driving_licence")


def test_condition_with_an_answer_not_offered(doc):
    item = next(i for i in doc["items"] if i["situations"])
    item["materials"][0]["when"] = {item["situations"][0]["id"]: ["perhaps"]}
    reject(doc, "expects answers ['perhaps']")


def test_unknown_department_and_category(doc):
    doc["items"][0]["department"] = "nowhere"
    doc["items"][1]["category"] = "nothing"
    err = reject(doc, "unknown department nowhere", "unknown category nothing")
    assert len(err.problems) >= 1


def test_bad_field_spec(doc):
    doc["items"][0]["form"][0]["kind"] = "colour"
    reject(doc, "items.0.form.0.kind")


def test_bundle_items_disagreeing_on_a_shared_question(doc):
    items = {i["code"]: i for i in doc["items"]}
    bundle = doc["bundles"][0]
    first, second = items[bundle["items"][0]], items[bundle["items"][1]]
    first.setdefault("situations", []).append(
        {
            "id": "size",
            "text": "规模？",
            "kind": "choice",
            "options": [{"value": "s", "label": "小"}, {"value": "l", "label": "大"}],
        }
    )
    second.setdefault("situations", []).append({"id": "size", "text": "规模？"})
    reject(doc, "question size differs")


JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-10, 10**6) | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=8,
)


@settings(max_examples=100, deadline=None)
@given(JSON)
def test_random_json_is_refused_cleanly(value):
    with pytest.raises(CatalogError):
        Catalog.from_dict(value)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_damaged_sample_is_valid_or_refused_never_a_crash(doc, data):
    damaged = copy.deepcopy(doc)
    node = damaged
    for _ in range(data.draw(st.integers(0, 5))):
        keys = list(node) if isinstance(node, dict) else list(range(len(node))) if isinstance(node, list) else []
        if not keys:
            break
        child = node[data.draw(st.sampled_from(keys))]
        if not isinstance(child, dict | list) or not child:
            break
        node = child
    if isinstance(node, dict) and node:
        key = data.draw(st.sampled_from(sorted(node)))
        if data.draw(st.booleans()):
            del node[key]
        else:
            node[key] = data.draw(JSON)
    elif isinstance(node, list) and node:
        index = data.draw(st.integers(0, len(node) - 1))
        node[index] = data.draw(JSON)
    try:
        Catalog.from_dict(damaged)
    except CatalogError as err:
        assert err.problems or err.message


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_on_disk_are_ignored_not_fatal(tmp_path_factory, blob):
    directory = tmp_path_factory.mktemp("store")
    store = CatalogStore(directory)
    store.path.write_bytes(blob)
    assert store.load() is None
