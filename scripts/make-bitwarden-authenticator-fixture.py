#!/usr/bin/env python3
"""Writes the hand-made Bitwarden Authenticator export fixtures in
tests/fixtures/handmade/ (see tests/fixtures/README.md for provenance).

No file from the app itself is public, so these follow the app's source
(bitwarden/android, authenticator/):

* AuthenticatorRepositoryImpl.toExportJsonItem: {"encrypted": false,
  "items": [{id, name = issuer, folderId, organizationId, collectionIds,
  notes (all null), type: 1, login: {totp}, favorite: false}]}, written by
  kotlinx.serialization's compact Json (nulls written, UTF-8 unescaped).
* AuthenticatorItemEntity.toOtpAuthUriString: TOTP items become
  otpauth://totp/<label>?secret&algorithm&digits&period&issuer built with
  android.net.Uri.Builder, where label = issuer, or "issuer:accountName"
  when the account name is not blank, passed through androidx htmlEncode
  (& < > " ' become entities) before Uri's percent-encoding; Steam items
  become steam://KEY.
* ExportEncryptionManagerImpl / ExportEnvelopeCrypto: the password-protected
  envelope, PBKDF2-HMAC-SHA256(password, salt = the base64 text of 16
  random bytes, 600,000 iterations), HKDF-Expand to "enc"/"mac" keys,
  EncStrings "2.iv|ciphertext|mac" (AES-256-CBC, HMAC-SHA256 over iv‖ct),
  pretty-printed with two-space indentation.

Every key is an obviously fake test value. Run from the repository root:
    python3 scripts/make-bitwarden-authenticator-fixture.py
The encrypted file differs on every run (random salt and IVs).
"""

import base64
import hashlib
import hmac
import json
import os
import uuid

from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

OUT = os.path.join("tests", "fixtures", "handmade")
PASSWORD = "test"
ITERATIONS = 600_000

# (id, issuer, account name, key, algorithm, digits, period, type)
ITEMS = [
    ("0b6f1c3e-1111-4aaa-8bbb-000000000001", "健保組合", "山田 太郎",
     "MFRGGZDFMZTWQ2LK", "SHA1", 6, 30, "TOTP"),
    ("0b6f1c3e-1111-4aaa-8bbb-000000000002", "AT&T", "o'brien <ops>",
     "ORSXG5DTMVRXEZLU", "SHA256", 8, 30, "TOTP"),
    ("0b6f1c3e-1111-4aaa-8bbb-000000000003", "GitHub", None,
     "JBSWY3DPEHPK3PXP", "SHA1", 6, 30, "TOTP"),
    ("0b6f1c3e-1111-4aaa-8bbb-000000000004", "Example", "fake@example.com",
     "GEZDGNBVGY3TQOJQ", "SHA512", 8, 60, "TOTP"),
    ("0b6f1c3e-1111-4aaa-8bbb-000000000005", "Steam", None,
     "FAKESTEAMKEY2345", "SHA1", 5, 30, "STEAM"),
]


def android_uri_encode(text):
    """android.net.Uri.encode: everything but A-Z a-z 0-9 _-!.~'()* as %XX."""
    keep = set(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-!.~'()*")
    return "".join(chr(b) if b in keep else "%%%02X" % b for b in text.encode("utf-8"))


def html_encode(text):
    """androidx.core.text.htmlEncode (TextUtils.htmlEncode)."""
    out = []
    for c in text:
        out.append({"<": "&lt;", ">": "&gt;", "&": "&amp;", "'": "&#39;", '"': "&quot;"}.get(c, c))
    return "".join(out)


def totp_uri(issuer, account, key, algorithm, digits, period, kind):
    if kind == "STEAM":
        return key if key.startswith("steam://") else "steam://" + key
    label = issuer if not account or not account.strip() else f"{issuer}:{account}"
    query = "&".join(
        f"{k}={android_uri_encode(v)}"
        for k, v in [("secret", key), ("algorithm", algorithm), ("digits", str(digits)),
                     ("period", str(period)), ("issuer", issuer)]
    )
    return f"otpauth://totp/{android_uri_encode(html_encode(label))}?{query}"


def export_json():
    items = []
    for (id_, issuer, account, key, algorithm, digits, period, kind) in ITEMS:
        items.append({
            "id": id_, "name": issuer, "folderId": None, "organizationId": None,
            "collectionIds": None, "notes": None, "type": 1,
            "login": {"totp": totp_uri(issuer, account, key, algorithm, digits, period, kind)},
            "favorite": False,
        })
    return json.dumps({"encrypted": False, "items": items}, ensure_ascii=False, separators=(",", ":"))


def hkdf_expand(prk, info):
    return hmac.new(prk, info + b"\x01", hashlib.sha256).digest()


def enc_string(plaintext, enc_key, mac_key):
    iv = os.urandom(16)
    padder = padding.PKCS7(128).padder()
    data = padder.update(plaintext.encode("utf-8")) + padder.finalize()
    encryptor = Cipher(algorithms.AES(enc_key), modes.CBC(iv)).encryptor()
    ct = encryptor.update(data) + encryptor.finalize()
    mac = hmac.new(mac_key, iv + ct, hashlib.sha256).digest()
    b64 = lambda b: base64.b64encode(b).decode()
    return f"2.{b64(iv)}|{b64(ct)}|{b64(mac)}"


def encrypted_envelope(plain):
    salt = base64.b64encode(os.urandom(16)).decode()
    material = hashlib.pbkdf2_hmac("sha256", PASSWORD.encode(), salt.encode(), ITERATIONS, 32)
    enc_key, mac_key = hkdf_expand(material, b"enc"), hkdf_expand(material, b"mac")
    envelope = {
        "encrypted": True,
        "passwordProtected": True,
        "salt": salt,
        "kdfType": 0,
        "kdfIterations": ITERATIONS,
        "kdfMemory": None,
        "kdfParallelism": None,
        "encKeyValidation_DO_NOT_EDIT": enc_string(str(uuid.uuid4()), enc_key, mac_key),
        "data": enc_string(plain, enc_key, mac_key),
    }
    return json.dumps(envelope, indent=2)


def main():
    os.makedirs(OUT, exist_ok=True)
    plain = export_json()
    with open(os.path.join(OUT, "bitwarden_authenticator.json"), "w", encoding="utf-8") as f:
        f.write(plain)
    with open(os.path.join(OUT, "bitwarden_authenticator_encrypted.json"), "w", encoding="utf-8") as f:
        f.write(encrypted_envelope(plain))


if __name__ == "__main__":
    main()
