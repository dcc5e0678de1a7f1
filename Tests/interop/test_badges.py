"""An Open Badge a parent downloads, checked by software that is not ours: the openbadgeslib verifier (signature,
structure, validity window), the JSON Schema of the credential, and the revocation list after the deputy revokes it.
Runs against a real `kopilka serve` on a throwaway demo school (scripts/interop-tests starts it)."""
import base64
import json
import os
import re
from pathlib import Path

import jsonschema
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicNumbers
from openbadgeslib.baking import ITXT_KEYWORD_OB3, extract_png
from openbadgeslib.ob3 import OB3Verifier

BASE = os.environ["KOPILKA_BASE"]
SCHEMA = json.loads((Path(__file__).parent / "ob3_credential.schema.json").read_text())


def csrf(html):
    return re.search(r'name="_csrf" value="([^"]+)"', html).group(1)


def signed_in(login):
    s = requests.Session()
    page = s.get(BASE + "/login").text
    r = s.post(BASE + "/login", data={"_csrf": csrf(page), "login": login, "password": "demo", "next": "/"})
    assert r.status_code == 200 and "/logout" in r.text, f"{login} could not sign in"
    return s


def b64(segment):
    return json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))


def public_pem(jwk):
    n = int.from_bytes(base64.urlsafe_b64decode(jwk["n"] + "=" * (-len(jwk["n"]) % 4)), "big")
    e = int.from_bytes(base64.urlsafe_b64decode(jwk["e"] + "=" * (-len(jwk["e"]) % 4)), "big")
    key = RSAPublicNumbers(e, n).public_key()
    return key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def test_a_parents_badge_passes_another_verifier_and_the_schema_and_is_revoked_on_the_list():
    parent = signed_in("parent")
    child = re.search(r'href="/pupils/([0-9a-f-]{36})"', parent.get(BASE + "/").text).group(1)
    # The deputy head awards the child (the form of the award page).
    deputy = signed_in("zavuch")
    form = deputy.get(f"{BASE}/pupils/{child}/awards/new").text
    r = deputy.post(f"{BASE}/pupils/{child}/awards", data={
        "_csrf": csrf(form), "kind": "certificate", "ground": "study", "title": "За победу в олимпиаде (проверка совместимости)",
        "date": "2026-11-10", "order_number": "130-о", "order_date": "2026-11-10", "awarded_by": "Директор"}, allow_redirects=False)
    assert r.status_code == 303, r.text[:500]
    portfolio = parent.get(f"{BASE}/pupils/{child}/portfolio").text
    link = re.search(r'href="(/pupils/[0-9a-f-]+/awards/[0-9a-f-]+/badge\?format=png)"', portfolio).group(1)
    png = parent.get(BASE + link)
    assert png.status_code == 200 and png.headers["Content-Type"] == "image/png"

    # The token baked in the picture, verified by openbadgeslib with the key the school publishes under its kid.
    token = extract_png(png.content, keyword=ITXT_KEYWORD_OB3)
    token = token.decode() if isinstance(token, bytes) else token
    header = b64(token.split(".")[0])
    assert header["alg"] == "RS256" and header["typ"] == "JWT" and set(header) == {"alg", "typ", "kid"}
    jwk = requests.get(header["kid"]).json()
    assert "d" not in jwk
    credential = OB3Verifier(pubkey_pem=public_pem(jwk)).verify(token)
    claims = b64(token.split(".")[1])
    assert credential.issuer.id == claims["iss"] == claims["issuer"]["id"]

    # The JSON download: the same credential, valid against the credential schema.
    json_link = link.replace("format=png", "format=json")
    document = parent.get(BASE + json_link).json()
    jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker()).validate(document)
    assert document["id"] == claims["jti"]
    # The issuer profile is public and describes the school.
    profile = requests.get(document["issuer"]["id"]).json()
    assert "Profile" in profile["type"] and profile["name"] == document["issuer"]["name"]

    # Revoked by the deputy: the list the credential points at names it, and its id says so.
    badges = deputy.get(f"{BASE}/pupils/{child}/portfolio").text
    action = re.search(r'action="(/ob/credentials/[0-9a-f-]+/revoke)"', badges).group(1)
    r = deputy.post(BASE + action, data={"_csrf": csrf(badges), "reason": "Проверка отзыва"}, allow_redirects=False)
    assert r.status_code == 303
    revoked = requests.get(document["credentialStatus"]["id"]).json()
    assert any(c["id"] == document["id"] for c in revoked["revokedCredentials"])
    assert requests.get(document["id"]).json()["status"] == "revoked"


def test_the_years_extract_is_a_signed_clr_of_enveloped_credentials():
    parent = signed_in("parent")
    child = re.search(r'href="/pupils/([0-9a-f-]{36})"', parent.get(BASE + "/").text).group(1)
    token = parent.get(f"{BASE}/pupils/{child}/clr?format=jwt").text
    header = b64(token.split(".")[0])
    jwk = requests.get(header["kid"]).json()
    import jwt  # PyJWT, which openbadgeslib brings
    clr = jwt.decode(token, public_pem(jwk), algorithms=["RS256"], options={"verify_aud": False})
    assert "ClrCredential" in clr["type"] and "ClrSubject" in clr["credentialSubject"]["type"]
    for envelope in clr["credentialSubject"]["verifiableCredential"]:
        assert envelope["type"] == "EnvelopedVerifiableCredential"
        inner = envelope["id"].removeprefix("data:application/vc+jwt,")
        OB3Verifier(pubkey_pem=public_pem(jwk)).verify(inner)
