"""The in-process simulated reader, the registry entries and the ``[devices.idcard]`` settings."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from devices import registry
from devices.base import CardError, CardRead, CardRemoved
from devices.errors import ConfigurationError
from devices.idcard.identities import load_identities
from devices.idcard.simulated import SimulatedIdCardReader
from devices.identity import DocumentType, Identity
from kiosk.settings.idcard import IdCardSection


def test_place_goes_through_the_real_decoders_and_lift_reports_removal(samples, events):
    reader = SimulatedIdCardReader(name="idcard")
    reader.add_listener(events)
    reader.start()
    for sample in samples:
        reader.place(sample)
        read = events.wait_for(lambda e: isinstance(e, CardRead)).identity
        assert read is not sample
        assert (read.name, read.id_number, read.document_type) == (sample.name, sample.id_number, sample.document_type)
        assert read.id_number_valid == sample.id_number_valid
        reader.lift()
        events.wait_for(lambda e: isinstance(e, CardRemoved))


def test_identity_no_card_can_carry_is_passed_as_given(events):
    reader = SimulatedIdCardReader()
    reader.add_listener(events)
    typed = Identity(name="张伟", id_number="370481198506121230", document_type=DocumentType.TYPED)
    reader.place(typed)
    assert events.wait_for(lambda e: isinstance(e, CardRead)).identity is typed


def test_fault_injection_and_samples(events):
    reader = SimulatedIdCardReader()
    reader.add_listener(events)
    reader.fail_next("read_failed")
    reader.place_sample(0)
    assert events.wait_for(lambda e: isinstance(e, CardError)).kind == "read_failed"
    assert reader.place_sample(1).valid_long_term
    assert events.wait_for(lambda e: isinstance(e, CardRead)).identity.valid_long_term


def test_identities_file_is_loaded_and_checked(tmp_path):
    path = tmp_path / "ids.json"
    path.write_text(
        json.dumps(
            [
                {
                    "name": "孙丽",
                    "id_number": "11010519491231002X",
                    "document_type": "resident_id",
                    "sex": "2",
                    "nation": "满",
                    "birth_date": "1949-12-31",
                    "valid_from": "2000-01-01",
                    "valid_to": "长期",
                }
            ]
        ),
        encoding="utf-8",
    )
    (ident,) = load_identities(path)
    assert ident.valid_long_term and ident.extra["nation_code"] == "11" and len(ident.photo) == 1024
    assert SimulatedIdCardReader(identities=str(path)).samples[0].name == "孙丽"
    path.write_text('[{"name": "x", "document_type": "resident_id", "colour": "red"}]', encoding="utf-8")
    with pytest.raises(ConfigurationError, match="unknown keys"):
        load_identities(path)
    path.write_text('{"not": "a list"}', encoding="utf-8")
    with pytest.raises(ConfigurationError, match="expected a JSON list"):
        load_identities(path)


def test_registry_builds_each_backend_from_the_settings(sam_sim):
    for section in (
        IdCardSection(),
        IdCardSection(backend="samv", port=sam_sim.port),
        IdCardSection(backend="pcsc", reader="00 00"),
    ):
        device = registry.create("idcard", section.backend, **section.model_dump(exclude={"backend"}))
        assert device.kind == "idcard"
    assert registry.backend_names("idcard") == ["pcsc", "samv", "simulated"]


def test_settings_messages_name_the_problem():
    with pytest.raises(ValidationError, match="backend 'samv' needs 'port'"):
        IdCardSection(backend="samv")
    with pytest.raises(ValidationError, match="package.module:function"):
        IdCardSection(photo_decoder="vendor_lib")
    with pytest.raises(ValidationError, match="baud"):
        IdCardSection(baud=4800)
    assert IdCardSection(photo_decoder="vendor.wlt:decode").photo_decoder == "vendor.wlt:decode"
