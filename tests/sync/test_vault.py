import os
import stat

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.sync.vault import CHUNK_BYTES, Vault, VaultError


@pytest.fixture
def vault(tmp_path):
    return Vault.open(tmp_path / "keys" / "outbox.key")


def test_key_file_is_created_owner_only_and_reused(tmp_path):
    key_file = tmp_path / "keys" / "outbox.key"
    first = Vault.open(key_file)
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(key_file.read_bytes()) == 32
    sealed = first.seal(b"secret", b"aad")
    assert Vault.open(key_file).unseal(sealed, b"aad") == b"secret"


def test_key_readable_by_others_is_refused(tmp_path):
    key_file = tmp_path / "outbox.key"
    Vault.open(key_file)
    os.chmod(key_file, 0o644)
    with pytest.raises(VaultError, match="chmod 600"):
        Vault.open(key_file)


def test_wrong_key_length_is_refused(tmp_path):
    key_file = tmp_path / "outbox.key"
    key_file.write_bytes(b"short")
    os.chmod(key_file, 0o600)
    with pytest.raises(VaultError, match="32 bytes"):
        Vault.open(key_file)


def test_seal_hides_plaintext_and_detects_tampering(vault):
    sealed = vault.seal("王小明 370481".encode(), b"item-1")
    assert "王小明".encode() not in sealed
    with pytest.raises(VaultError):
        vault.unseal(sealed, b"item-2")
    tampered = bytearray(sealed)
    tampered[-1] ^= 1
    with pytest.raises(VaultError):
        vault.unseal(bytes(tampered), b"item-1")
    with pytest.raises(VaultError):
        vault.unseal(b"short", b"item-1")


def test_file_roundtrip_multi_chunk(vault, tmp_path):
    data = os.urandom(CHUNK_BYTES * 2 + 12345)
    info = vault.write_file(tmp_path / "m.bin", [data[:1000], data[1000:]], b"a")
    assert info.size == len(data)
    assert vault.read_all(tmp_path / "m.bin", b"a") == data
    assert data[:4096] not in (tmp_path / "m.bin").read_bytes()
    assert not (tmp_path / "m.bin.tmp").exists()


@settings(max_examples=60)
@given(size=st.integers(1, 3 * 512), start=st.integers(0, 3 * 512), pieces=st.integers(1, 700))
def test_read_from_any_offset(tmp_path_factory, size, start, pieces):
    tmp = tmp_path_factory.mktemp("off")
    vault = Vault(b"k" * 32, chunk_bytes=512)  # small chunks so offsets cross chunk boundaries
    data = (bytes(range(256)) * (size // 256 + 1))[:size]
    as_pieces = [data[i : i + pieces] for i in range(0, size, pieces)]
    assert vault.write_file(tmp / "f", as_pieces).size == size
    start = min(start, size - 1)
    assert b"".join(vault.read_file(tmp / "f", start=start)) == data[start:]
    assert b"".join(Vault(b"k" * 32).read_file(tmp / "f", start=start)) == data[start:]  # size is in the file


def test_truncated_or_swapped_file_is_detected(vault, tmp_path):
    path = tmp_path / "m.bin"
    vault.write_file(path, os.urandom(CHUNK_BYTES + 10), b"a")
    raw = path.read_bytes()
    path.write_bytes(raw[: 16 + 4 + CHUNK_BYTES + 16])  # drop the last chunk: the first is not flagged last
    with pytest.raises(VaultError):
        vault.read_all(path, b"a")
    path.write_bytes(b"nonsense")
    with pytest.raises(VaultError, match="not a sealed file"):
        vault.read_all(path, b"a")
