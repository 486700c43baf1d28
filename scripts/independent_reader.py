#!/usr/bin/env python3
"""An independent reader and writer of the export formats Omamori shares with
other apps, written from the public format descriptions without looking at
Omamori's Rust code paths, so that a bug shared by Omamori's exporter and its
importer cannot hide.

    independent_reader.py read FILE... [--password-file F] [--at UNIX]
        Prints a JSON array of the accounts in Omamori's exports: Aegis
        (plain or encrypted: scrypt + AES-256-GCM, Aegis docs/vault.md),
        otpauth URI lists (Google's Key URI format), Google Authenticator
        transfer codes as otpauth-migration:// text or as QR PNG images
        (decoded with zbar through pyzbar). With --at, each account also
        gets the code at that time (RFC 4226/6238, Steam's alphabet).

    independent_reader.py generate DIR --at UNIX
        Writes files with known (fake) accounts, made here and not by
        Omamori: aegis-encrypted.json (password in aegis-password.txt),
        aegis-plain.json, otpauth.txt, google-migration.txt, and
        expected.json with every account and its code at UNIX.

Needs Python 3.8+ and `cryptography` (AES-GCM; scrypt is hashlib's); PNG
reading also needs `pyzbar` and `Pillow` with the zbar library (libzbar0).
scripts/install-deps.sh installs them.
"""

import argparse
import base64
import hashlib
import hmac
import json
import os
import struct
import sys
import urllib.parse

ALGORITHMS = {"SHA1": hashlib.sha1, "SHA256": hashlib.sha256, "SHA512": hashlib.sha512}
STEAM_ALPHABET = "23456789BCDFGHJKMNPQRTVWXY"


def b32decode(text):
    text = text.strip().replace(" ", "").upper().rstrip("=")
    return base64.b32decode(text + "=" * (-len(text) % 8))


def b32encode(raw):
    return base64.b32encode(raw).decode().rstrip("=")


def code(account, at):
    key = b32decode(account["secret"])
    if account["type"] == "hotp":
        counter = account["counter"]
    else:
        counter = at // account["period"]
    mac = hmac.new(key, struct.pack(">Q", counter), ALGORITHMS[account["algorithm"]]).digest()
    offset = mac[-1] & 0x0F
    value = struct.unpack(">I", mac[offset:offset + 4])[0] & 0x7FFFFFFF
    if account["type"] == "steam":
        out = ""
        for _ in range(5):
            out += STEAM_ALPHABET[value % len(STEAM_ALPHABET)]
            value //= len(STEAM_ALPHABET)
        return out
    return str(value % 10 ** account["digits"]).zfill(account["digits"])


def account(kind, issuer, name, secret, algorithm="SHA1", digits=6, period=30, counter=0):
    return {
        "type": kind,
        "issuer": issuer,
        "account": name,
        "secret": secret,
        "algorithm": algorithm,
        "digits": 5 if kind == "steam" else digits,
        "period": None if kind == "hotp" else period,
        "counter": counter if kind == "hotp" else None,
    }


# ---- Aegis (docs/vault.md of beemdevelopment/Aegis) ----

def aegis_decrypt(vault, password):
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    params = vault["header"]["params"]
    for slot in vault["header"]["slots"]:
        if slot["type"] != 1:
            continue
        n, r, p = slot["n"], slot["r"], slot["p"]
        if n > 1 << 20 or r > 32 or p > 16:
            raise SystemExit("refusing excessive scrypt parameters")
        key = hashlib.scrypt(password.encode(), salt=bytes.fromhex(slot["salt"]), n=n, r=r, p=p,
                             maxmem=256 * 1024 * 1024, dklen=32)
        try:
            master = AESGCM(key).decrypt(bytes.fromhex(slot["key_params"]["nonce"]),
                                         bytes.fromhex(slot["key"]) + bytes.fromhex(slot["key_params"]["tag"]),
                                         None)
        except Exception:
            continue
        db = base64.b64decode(vault["db"]) + bytes.fromhex(params["tag"])
        return json.loads(AESGCM(master).decrypt(bytes.fromhex(params["nonce"]), db, None))
    raise SystemExit("no password slot of the Aegis file opens with this password")


def read_aegis(text, password):
    vault = json.loads(text)
    db = vault["db"]
    if isinstance(db, str):
        if password is None:
            raise SystemExit("the Aegis file is encrypted: give --password-file")
        db = aegis_decrypt(vault, password)
    out = []
    for e in db["entries"]:
        info = e["info"]
        out.append(account(e["type"], e["issuer"], e["name"], info["secret"], info["algo"],
                           info["digits"], info.get("period", 30), info.get("counter", 0)))
    return out


def write_aegis(accounts, password=None):
    entries = []
    for a in accounts:
        info = {"secret": a["secret"], "algo": a["algorithm"], "digits": a["digits"]}
        if a["type"] == "hotp":
            info["counter"] = a["counter"]
        else:
            info["period"] = a["period"]
        entries.append({"type": a["type"], "uuid": "00000000-0000-4000-8000-%012d" % len(entries),
                        "name": a["account"], "issuer": a["issuer"], "note": "", "favorite": False,
                        "icon": None, "info": info, "groups": []})
    db = {"version": 3, "entries": entries, "groups": []}
    if password is None:
        return json.dumps({"version": 1, "header": {"slots": None, "params": None}, "db": db},
                          ensure_ascii=False)
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    master, salt = os.urandom(32), os.urandom(32)
    key = hashlib.scrypt(password.encode(), salt=salt, n=1 << 15, r=8, p=1, maxmem=64 * 1024 * 1024, dklen=32)
    slot_nonce, db_nonce = os.urandom(12), os.urandom(12)
    wrapped = AESGCM(key).encrypt(slot_nonce, master, None)
    sealed = AESGCM(master).encrypt(db_nonce, json.dumps(db).encode(), None)
    return json.dumps({
        "version": 1,
        "header": {
            "slots": [{"type": 1, "uuid": "11111111-1111-4111-8111-111111111111", "key": wrapped[:-16].hex(),
                       "key_params": {"nonce": slot_nonce.hex(), "tag": wrapped[-16:].hex()},
                       "n": 1 << 15, "r": 8, "p": 1, "salt": salt.hex(), "repaired": True}],
            "params": {"nonce": db_nonce.hex(), "tag": sealed[-16:].hex()},
        },
        "db": base64.b64encode(sealed[:-16]).decode(),
    })


# ---- otpauth:// (Google's Key URI format) ----

def read_uri(uri):
    parsed = urllib.parse.urlsplit(uri.strip())
    if parsed.scheme != "otpauth":
        raise SystemExit("not an otpauth URI")
    kind = parsed.netloc.lower()
    label = urllib.parse.unquote(parsed.path.lstrip("/"))
    query = dict(urllib.parse.parse_qsl(parsed.query))
    issuer, name = "", label
    if ":" in label:
        issuer, name = label.split(":", 1)
        name = name.lstrip(" ")
    issuer = query.get("issuer", issuer)
    return account(kind, issuer, name, query["secret"].upper(), query.get("algorithm", "SHA1").upper(),
                   int(query.get("digits", 6)), int(query.get("period", 30)), int(query.get("counter", 0)))


def write_uri(a):
    label = urllib.parse.quote(f"{a['issuer']}:{a['account']}" if a["issuer"] else a["account"], safe="@")
    query = {"secret": a["secret"], "issuer": a["issuer"], "algorithm": a["algorithm"], "digits": a["digits"]}
    if a["type"] == "hotp":
        query["counter"] = a["counter"]
    else:
        query["period"] = a["period"]
    return f"otpauth://{a['type']}/{label}?" + urllib.parse.urlencode(query, quote_via=urllib.parse.quote)


# ---- Google Authenticator migration payload (protobuf, by hand) ----

def varint(data, i):
    shift = value = 0
    while True:
        b = data[i]
        i += 1
        value |= (b & 0x7F) << shift
        shift += 7
        if not b & 0x80:
            return value, i


def fields(data):
    i = 0
    while i < len(data):
        key, i = varint(data, i)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, i = varint(data, i)
        elif wire == 2:
            length, i = varint(data, i)
            value, i = data[i:i + length], i + length
        else:
            raise SystemExit(f"unexpected protobuf wire type {wire}")
        yield number, value


def read_migration(uri):
    parsed = urllib.parse.urlsplit(uri.strip())
    if parsed.scheme != "otpauth-migration":
        raise SystemExit("not an otpauth-migration URI")
    data = base64.b64decode(urllib.parse.parse_qs(parsed.query)["data"][0])
    out = []
    for number, value in fields(data):
        if number != 1:
            continue
        p = {"secret": b"", "name": "", "issuer": "", "algorithm": 1, "digits": 1, "type": 2, "counter": 0}
        names = {1: "secret", 2: "name", 3: "issuer", 4: "algorithm", 5: "digits", 6: "type", 7: "counter"}
        for n, v in fields(value):
            if n in names:
                p[names[n]] = v
        name, issuer = p["name"].decode(), p["issuer"].decode()
        if issuer and name.startswith(issuer + ":"):
            name = name[len(issuer) + 1:].lstrip(" ")
        elif not issuer and ":" in name:
            issuer, name = name.split(":", 1)
            name = name.lstrip(" ")
        out.append(account("hotp" if p["type"] == 1 else "totp", issuer, name, b32encode(p["secret"]),
                           {0: "SHA1", 1: "SHA1", 2: "SHA256", 3: "SHA512"}[p["algorithm"]],
                           8 if p["digits"] == 2 else 6, 30, p["counter"]))
    return out


def enc_varint(value):
    out = bytearray()
    while True:
        b = value & 0x7F
        value >>= 7
        out.append(b | (0x80 if value else 0))
        if not value:
            return bytes(out)


def enc_field(number, value):
    if isinstance(value, int):
        return enc_varint(number << 3) + enc_varint(value)
    return enc_varint(number << 3 | 2) + enc_varint(len(value)) + value


def write_migration(accounts):
    body = b""
    for a in accounts:
        p = (enc_field(1, b32decode(a["secret"])) + enc_field(2, a["account"].encode())
             + enc_field(3, a["issuer"].encode())
             + enc_field(4, {"SHA1": 1, "SHA256": 2, "SHA512": 3}[a["algorithm"]])
             + enc_field(5, 2 if a["digits"] == 8 else 1) + enc_field(6, 1 if a["type"] == "hotp" else 2)
             + enc_field(7, a["counter"] or 0))
        body += enc_field(1, p)
    body += enc_field(2, 1) + enc_field(3, 1) + enc_field(4, 0) + enc_field(5, 424242)
    return "otpauth-migration://offline?data=" + urllib.parse.quote(base64.b64encode(body).decode(), safe="")


def read_png(path):
    from PIL import Image
    from pyzbar.pyzbar import ZBarSymbol, decode

    out = []
    for symbol in decode(Image.open(path), symbols=[ZBarSymbol.QRCODE]):
        out.extend(read_text(symbol.data.decode(), None))
    if not out:
        raise SystemExit(f"{path}: no QR code found")
    return out


def read_text(text, password):
    stripped = text.lstrip()
    if stripped.startswith("{"):
        return read_aegis(text, password)
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("otpauth-migration://"):
            out.extend(read_migration(line))
        elif line.startswith("otpauth://"):
            out.append(read_uri(line))
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    read = sub.add_parser("read")
    read.add_argument("files", nargs="+")
    read.add_argument("--password-file")
    read.add_argument("--at", type=int)
    gen = sub.add_parser("generate")
    gen.add_argument("dir")
    gen.add_argument("--at", type=int, required=True)
    args = parser.parse_args()

    if args.command == "read":
        password = None
        if args.password_file:
            with open(args.password_file, encoding="utf-8") as f:
                password = f.readline().rstrip("\r\n")
        accounts = []
        for path in args.files:
            if path.lower().endswith(".png"):
                accounts.extend(read_png(path))
            else:
                with open(path, encoding="utf-8") as f:
                    accounts.extend(read_text(f.read(), password))
        if args.at is not None:
            for a in accounts:
                a["code"] = code(a, args.at)
        json.dump(accounts, sys.stdout, ensure_ascii=False, indent=1)
        print()
        return

    # generate: fake secrets, Japanese names, every parameter Google can carry
    # and (for Aegis and otpauth) every one it cannot.
    common = [
        account("totp", "Pep Up", "山田太郎@example.jp", "JBSWY3DPEHPK3PXP"),
        account("totp", "健康保険組合", "花子", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "SHA256", 8),
        account("hotp", "社内VPN", "suzuki", "MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U", "SHA512", 6, counter=42),
        account("totp", "", "no-issuer@example.com", "ONSWG4TFOQFA2LTFMV2GK3TUEBQXG4LE"),
    ]
    extra = [
        account("totp", "Example", "一分", "KRUGS4ZANFZSAYJAORSXG5BAONSWG4TF", "SHA512", 7, 60),
        account("steam", "Steam", "gamer", "NB2W45DFOIZA4ZLMNRXWEZLSMVZWG4TF"),
    ]
    os.makedirs(args.dir, exist_ok=True)

    def put(name, text):
        with open(os.path.join(args.dir, name), "w", encoding="utf-8") as f:
            f.write(text)

    password = "独立した password 42"
    put("aegis-password.txt", password + "\n")
    put("aegis-encrypted.json", write_aegis(common + extra, password))
    put("aegis-plain.json", write_aegis(common + extra))
    put("otpauth.txt", "".join(write_uri(a) + "\n" for a in common + extra))
    put("google-migration.txt", write_migration(common) + "\n")
    expected = {}
    for name, accounts in [("aegis-encrypted.json", common + extra), ("aegis-plain.json", common + extra),
                           ("otpauth.txt", common + extra), ("google-migration.txt", common)]:
        expected[name] = [dict(a, code=code(a, args.at)) for a in accounts]
    put("expected.json", json.dumps(expected, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
