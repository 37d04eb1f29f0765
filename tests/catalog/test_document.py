import pytest

from kiosk.catalog import Catalog, CatalogError, validate_document


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
    first.setdefault("situations", []).append({"id": "size", "text": "规模？", "kind": "choice",
                                "options": [{"value": "s", "label": "小"}, {"value": "l", "label": "大"}]})
    second.setdefault("situations", []).append({"id": "size", "text": "规模？"})
    reject(doc, "question size differs")
