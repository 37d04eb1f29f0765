import pytest

from kiosk.catalog import Catalog, CatalogError
from kiosk.catalog.situations import questions_to_ask, resolve

BIRTH = "370481-GA-HJ-001"


def ids(things):
    return [getattr(t, "id", None) or getattr(t, "name", None) for t in things]


def test_answers_add_and_remove_materials(catalog):
    item = catalog.item(BIRTH)
    married = resolve(item, {"parents_married": "yes", "follows": "mother"})
    assert married.complete
    assert "marriage_cert" in ids(married.materials)
    assert "unmarried_statement" not in ids(married.materials)
    single = resolve(item, {"parents_married": "no", "follows": "father"})
    assert {"unmarried_statement", "paternity_report"} <= set(ids(single.materials))
    assert "marriage_cert" not in ids(single.materials)
    single_mother = resolve(item, {"parents_married": "no", "follows": "mother"})
    assert "paternity_report" not in ids(single_mother.materials)


def test_pending_until_answered_and_bad_answers_ignored(catalog):
    item = catalog.item(BIRTH)
    first = resolve(item, {})
    assert ids(first.pending) == ["parents_married", "follows"]
    assert "marriage_cert" not in ids(first.materials)  # not claimed before it is known
    odd = resolve(item, {"parents_married": "maybe", "follows": "mother", "unknown": "yes"})
    assert ids(odd.pending) == ["parents_married"]


def test_answers_add_form_fields(catalog):
    item = catalog.item("370481-RS-SB-005")
    card = resolve(item, {"own_bank_card": "yes"})
    other = resolve(item, {"own_bank_card": "no"})
    assert "bank_account" not in ids(card.fields)
    assert {"bank_name", "bank_account"} <= set(ids(other.fields))


def test_items_without_questions_are_complete(catalog):
    outcome = resolve(catalog.item("370481-GA-JZ-002"), {})
    assert outcome.complete and not outcome.questions


def _item_with_follow_up(doc):
    item = next(i for i in doc["items"] if i["code"] == "370481-GA-JZ-002")
    item["situations"] = [
        {"id": "moved", "text": "居住地址是否变化？"},
        {"id": "owner", "text": "新住所是否为自有住房？", "when": {"moved": ["yes"]}},
        {"id": "unused", "text": "这个问题不影响任何材料？"},
    ]
    item["materials"].append({"id": "new_lease", "name": "新住所租赁合同", "when": {"owner": ["no"]}})
    item["materials"].append({"id": "new_deed", "name": "新住所产权证明", "when": {"owner": ["yes"]}})
    return Catalog.from_dict(doc).item(item["code"])


def test_follow_up_question_asked_only_when_it_matters(doc):
    item = _item_with_follow_up(doc)
    assert ids(questions_to_ask(item, {})) == ["moved"]  # "unused" decides nothing: never asked
    assert ids(questions_to_ask(item, {"moved": "no"})) == ["moved"]
    assert ids(questions_to_ask(item, {"moved": "yes"})) == ["moved", "owner"]
    outcome = resolve(item, {"moved": "yes", "owner": "no"})
    assert outcome.complete and "new_lease" in ids(outcome.materials) and "new_deed" not in ids(outcome.materials)
    stale = resolve(item, {"moved": "no", "owner": "no"})  # answer to a question no longer asked
    assert "new_lease" not in ids(stale.materials)


def test_conditions_on_later_or_unknown_questions_are_rejected(doc):
    item = next(i for i in doc["items"] if i["code"] == "370481-GA-JZ-002")
    item["situations"] = [{"id": "a", "text": "问题一？", "when": {"b": ["yes"]}}, {"id": "b", "text": "问题二？"}]
    with pytest.raises(CatalogError) as err:
        Catalog.from_dict(doc)
    assert "later question b" in str(err.value)
