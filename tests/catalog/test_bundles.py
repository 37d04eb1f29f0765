from datetime import date

import pytest

from kiosk.catalog import ApplicationNotReady, prepare_application
from kiosk.catalog.plans import merge_materials

STARTUP = "370481-YJS-QYKB"
ID = "11010519491231002X"


def test_bundle_form_asks_shared_fields_once(catalog):
    plan = catalog.plan(STARTUP, {"own_premises": "no", "corporate_shareholder": "no", "agent": "no"})
    names = [f.name for f in plan.fields]
    assert len(names) == len(set(names))
    assert names.count("company_name") == 1
    per_item = sum(len(catalog.plan(code).fields) for code in plan.item_codes)
    assert len(names) < per_item
    assert "credit_code" not in names  # issued by the first item, filled in by the platform
    assert "credit_code" in [f.name for f in catalog.plan("370481-GA-QY-002").fields]


def test_bundle_materials_are_deduplicated_and_say_who_needs_them(catalog):
    plan = catalog.plan(STARTUP, {"own_premises": "no", "corporate_shareholder": "no", "agent": "no"})
    licences = [n.material.licence_type for n in plan.materials if n.material.licence_type]
    assert licences.count("business_license") == 1
    licence = next(n for n in plan.materials if n.material.licence_type == "business_license")
    assert len(licence.items) >= 4
    ids = [n.material.id for n in plan.materials]
    assert len(ids) == len(set(ids))


def test_shared_questions_asked_once_across_items(catalog):
    plan = catalog.plan("370481-YJS-CSYJS", {})
    qids = [q.id for q in plan.pending]
    assert qids.count("newborn") == 1
    assert {"married", "parents_married", "follows", "local_hukou", "newborn"} == set(qids)


def test_merge_keeps_the_largest_demand(catalog):
    a = catalog.item("370481-GA-JZ-001").materials
    photo = next(m for m in a if m.id == "photo")
    two = photo.model_copy(update={"copies": 2, "form": "copy"})
    merged = merge_materials([("A", [photo]), ("B", [two])])
    assert len(merged) == 1
    assert merged[0].material.copies == 2 and merged[0].material.form == "original_and_copy"
    assert merged[0].items == ("A", "B")


def _values(plan):
    values = {
        "company_name": "滕州市善国示例科技有限公司",
        "legal_rep_name": "张三",
        "legal_rep_id_number": ID,
        "registered_capital": "100",
        "business_address": {"province": "山东省", "city": "枣庄市", "district": "滕州市", "detail": "政务路1号"},
        "business_scope": "软件开发；信息技术咨询服务",
        "employees": 5,
        "applicant_phone": "13800000000",
        "bank_name": "示例银行滕州支行",
        "taxpayer_type": "small",
        "seal_set": "basic",
        "commitment": True,
        "signature": "sig-1",
    }
    return {k: v for k, v in values.items() if k in {f.name for f in plan.fields}}


def test_one_application_names_every_item(catalog):
    plan = catalog.plan(STARTUP, {"own_premises": "no", "corporate_shareholder": "no", "agent": "no"})
    draft = prepare_application(plan, _values(plan), today=date(2026, 11, 24))
    payload = draft.payload()
    assert payload["kind"] == "bundle" and payload["code"] == STARTUP
    assert payload["items"] == list(catalog.bundle(STARTUP).items)
    assert payload["form"]["registered_capital"] == "100"
    assert all(m["items"] for m in payload["materials"])


def test_application_not_ready_says_why(catalog):
    with pytest.raises(ApplicationNotReady) as pending:
        prepare_application(catalog.plan(STARTUP, {}), {})
    assert pending.value.pending and not pending.value.errors
    plan = catalog.plan(STARTUP, {"own_premises": "no", "corporate_shareholder": "no", "agent": "no"})
    values = _values(plan) | {"legal_rep_id_number": "11010519491231002Y"}
    with pytest.raises(ApplicationNotReady) as bad:
        prepare_application(plan, values)
    assert [e.field for e in bad.value.errors] == ["legal_rep_id_number"]


def test_single_item_plan(catalog):
    plan = catalog.plan("370481-GA-JZ-002")
    assert plan.kind == "item" and plan.item_codes == ("370481-GA-JZ-002",) and plan.complete
    with pytest.raises(KeyError):
        catalog.plan("NO-SUCH-CODE")
