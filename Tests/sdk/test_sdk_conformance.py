"""The official bunq Python SDK (PyPI `bunq_sdk`) against the emulator.

The SDK is bunq's own client: if it cannot create a context, verify the emulator's
response signatures, save and restore that context, read cards and send a signed PUT,
the emulator is not behaving like bunq. Nothing in the SDK is patched except its base
URL, which bunq's SDK hard-codes in ApiEnvironmentType.

Run: python -m pytest Tests/sdk -q   (after `swift build --product cardpolicy`;
CARDPOLICY_BIN overrides the executable, default .build/debug/cardpolicy).
"""

import json
import os
import queue
import re
import subprocess
import threading
import urllib.request

import pytest
import requests

from bunq.sdk.context.api_context import ApiContext
from bunq.sdk.context.api_environment_type import ApiEnvironmentType
from bunq.sdk.context.bunq_context import BunqContext
from bunq.sdk.exception.bunq_exception import BunqException
from bunq.sdk.http.api_client import ApiClient
from bunq.sdk.model.generated.endpoint import CardApiObject, CardBatchApiObject, UserApiObject
from bunq.sdk.model.generated.object_ import AmountObject, CardBatchEntryObject

from conftest import BIN as BINARY

USER_ID = 2078600
ALICE_TRAVEL = 2079040
GROCERIES = 2079050
BUFFER_ACCOUNT = 2078790
MAIN_ACCOUNT = 2078781


def _read_first_line(stream, timeout):
    lines = queue.Queue()
    threading.Thread(target=lambda: lines.put(stream.readline()), daemon=True).start()
    return lines.get(timeout=timeout)


@pytest.fixture(scope="module")
def emulator(tmp_path_factory):
    if not os.access(BINARY, os.X_OK):
        pytest.fail(f"{BINARY} is missing: run `swift build --product cardpolicy` or set CARDPOLICY_BIN")
    state = tmp_path_factory.mktemp("emulator") / "state.json"
    process = subprocess.Popen(
        [BINARY, "emulator", "--port", "0", "--state", str(state), "--rate-limits", "off", "--faults"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        line = _read_first_line(process.stdout, timeout=60)
        match = re.search(r"listening on (http://\S+/v1)", line)
        assert match, f"unexpected first line from the emulator: {line!r}"
        yield {"base_url": match.group(1), "root": match.group(1)[: -len("/v1")], "state": state}
    finally:
        process.terminate()
        process.wait(timeout=10)


def control(emulator, method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(emulator["root"] + path, data=data, method=method)
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read() or b"null")


@pytest.fixture(scope="module")
def api_context(emulator):
    # The SDK's only hook for another server: its environment's base URL.
    ApiEnvironmentType.SANDBOX._uri_base = emulator["base_url"] + "/"
    context = ApiContext.create(ApiEnvironmentType.SANDBOX, "sandbox_cardpolicy_conformance", "cardpolicy SDK conformance")
    BunqContext.load_api_context(context)
    return context


def test_context_creation_with_signature_verification(api_context, emulator):
    assert api_context.installation_context.public_key_server is not None
    assert api_context.session_context.user_id == USER_ID
    assert api_context.session_context.user_person.display_name == "Alice de Vries"
    calls = control(emulator, "GET", "/_emulator/calls")
    assert [call["template"] for call in calls[:3]] == ["/installation", "/device-server", "/session-server"]
    assert all(call["status"] == 200 for call in calls)
    assert not any("sandbox_cardpolicy_conformance" in call["request_body"] for call in calls)

    # The SDK really checks the emulator's signature: a tampered one is an error, not data.
    control(emulator, "POST", "/_emulator/faults", {"kind": "tamper", "method": "GET", "path": "/user", "nth": 1})
    with pytest.raises(BunqException, match="Could not validate response signature"):
        UserApiObject.list()
    assert UserApiObject.list().value


def test_context_saves_and_restores(api_context, tmp_path):
    path = tmp_path / "bunq.conf"
    api_context.save(str(path))
    saved = json.loads(path.read_text())
    assert saved["environment_type"] == "SANDBOX"
    assert set(saved["installation_context"]) == {"token", "public_key_client", "private_key_client", "public_key_server"}
    assert saved["session_context"]["user_id"] == USER_ID

    restored = ApiContext.restore(str(path))
    assert restored == api_context
    assert restored.installation_context.public_key_server.export_key() == api_context.installation_context.public_key_server.export_key()
    BunqContext.load_api_context(restored)
    card = CardApiObject.get(ALICE_TRAVEL).value
    assert card.id_ == ALICE_TRAVEL


def test_cards_list_and_read_back(api_context):
    response = CardApiObject.list(params={"count": "200"})
    cards = response.value
    assert [card.id_ for card in cards] == [2079100, 2079060, 2079050, 2079040, 2079030, 2079020, 2079010]
    assert response.pagination.older_id is None
    by_last4 = {card.primary_account_numbers[0].four_digit: card for card in cards}
    alice = by_last4["8069"]
    assert alice.second_line == "Alice Travel"
    assert alice.status == "ACTIVE"
    assert alice.type_ == "MASTERCARD"
    assert alice.sub_status == "NONE"
    assert alice.card_limit.value == "1000.00" and alice.card_limit.currency == "EUR"
    assert alice.card_limit_atm.value == "250.00"
    assert [permission.country for permission in alice.country_permission] == ["NL", "DE", "BE"]
    assert alice.monetary_account_id_fallback == BUFFER_ACCOUNT
    assert alice.pin_code_assignment[0].monetary_account_id == MAIN_ACCOUNT
    assert alice.card_generated_cvc2.type_ == "STATIC"
    assert by_last4["2290"].sub_status == "REPLACED"
    assert by_last4["7713"].second_line.startswith("Virtual")
    assert [number.four_digit for number in by_last4["7713"].primary_account_numbers] == ["7713", "5120"]
    # The company card an employee holds: the SDK reads its holder and owner apart.
    office = by_last4["3388"]
    assert office.user_holder_id == 2078610 and office.user_owner_id == 2078600

    read = CardApiObject.get(GROCERIES).value
    assert read.id_ == GROCERIES
    assert read.type_ == "MAESTRO"
    assert read.second_line == "Groceries"
    assert read.card_limit.value == "500.00"

    page = CardApiObject.list(params={"count": "2"})
    assert [card.id_ for card in page.value] == [2079100, 2079060]
    assert page.pagination.older_id == 2079060
    older = CardApiObject.list(params=page.pagination.url_params_previous_page)
    assert [card.id_ for card in older.value] == [2079050, 2079040]


def test_card_batch_updates_cards_and_answers_their_ids(api_context):
    """The SDK's own CardBatch: its body is what the emulator takes, and it reads the answer."""
    response = CardBatchApiObject.create([
        CardBatchEntryObject(GROCERIES, card_limit_atm=AmountObject("80.00", "EUR"), monetary_account_id_fallback=BUFFER_ACCOUNT),
        CardBatchEntryObject(ALICE_TRAVEL, status="DEACTIVATED", monetary_account_id_fallback=BUFFER_ACCOUNT),
    ])
    assert [bunq_id.id_ for bunq_id in response.value.updated_card_ids] == [GROCERIES, ALICE_TRAVEL]
    groceries, alice = CardApiObject.get(GROCERIES).value, CardApiObject.get(ALICE_TRAVEL).value
    assert groceries.card_limit_atm.value == "80.00" and groceries.monetary_account_id_fallback == BUFFER_ACCOUNT
    assert alice.status == "DEACTIVATED" and alice.card_limit.value == "1000.00"


def test_raw_signed_put_changes_a_card(api_context, emulator):
    client = ApiClient(api_context)
    body = json.dumps({
        "card_limit": {"value": "75.50", "currency": "EUR"},
        "country_permission": [{"country": "NL"}, {"country": "US", "expiry_time": "2027-06-30 23:59:59.000000"}],
        "monetary_account_id_fallback": BUFFER_ACCOUNT,
    }, indent=4, sort_keys=True).encode()
    response = client.put(f"user/{USER_ID}/card/{GROCERIES}", body, {})
    assert json.loads(response.body_bytes)["Response"][0]["Id"]["id"] == GROCERIES

    card = CardApiObject.get(GROCERIES).value
    assert card.card_limit.value == "75.50"
    assert [permission.country for permission in card.country_permission] == ["NL", "US"]
    assert card.monetary_account_id_fallback == BUFFER_ACCOUNT
    state = control(emulator, "GET", "/_emulator/state")
    stored = next(c for c in state["cards"] if c["id"] == GROCERIES)
    assert stored["country_permission"][1]["expiry_time"] == "2027-06-30 23:59:59.000000"

    # The emulator checked the SDK's signature: the same PUT with a signature over other bytes is refused.
    headers = {
        "X-Bunq-Client-Authentication": api_context.session_context.token,
        "X-Bunq-Client-Signature": client._get_all_headers(b"other bytes", {})["X-Bunq-Client-Signature"],
        "X-Bunq-Client-Request-Id": "conformance-forged",
        "User-Agent": "conformance", "Cache-Control": "no-cache",
    }
    forged = requests.put(emulator["base_url"] + f"/user/{USER_ID}/card/{GROCERIES}", data=body, headers=headers, timeout=10)
    assert forged.status_code == 401
    assert forged.json()["Error"][0]["error_description"]
