#!/usr/bin/env python3
"""Extracts from bunq's OpenAPI document the request schemas of the calls cardpolicy and its
emulator make, into Tests/wire/bunq-request-schemas.json.

    python3 Tests/wire/extract_request_schemas.py PATH/TO/openapi.json > Tests/wire/bunq-request-schemas.json

The output is committed so the repository's tests never need bunq's document at run time;
Tests/wire/test_wire_bodies.py checks that it still matches the document when one is at hand.

Each operation is keyed as the emulator logs it: method and path template, every path
parameter written `{id}`. Its `schema` names an entry of `schemas` (copied from the
document's components, with everything they refer to), or is null for a call without a body.

One correction is applied, and recorded under `corrections`: since bunq renamed its filter
schemas, `NotificationFilterUrl`, `NotificationFilterPush` and `NotificationFilterEmail` list
THEMSELVES as the items of `notification_filters` (and the account-level URL body lists
`NotificationFilterUrl`), which would make a filter `{"notification_filters": [...]}` all
the way down. Their items are given the fields of the
document's own `NotificationFilter` that the dedicated endpoints take: `category` and
`notification_target` for URL filters, `category` alone for push and e-mail filters.
"""

import json
import re
import sys

# (method, path in bunq's document): the writes cardpolicy sends or the emulator serves,
# plus card-batch, which cardpolicy is to use for bulk card changes.
OPERATIONS = [
    ("POST", "/installation"),
    ("POST", "/device-server"),
    ("POST", "/session-server"),
    ("DELETE", "/session/{itemId}"),
    ("PUT", "/user/{userID}/card/{itemId}"),
    ("POST", "/user/{userID}/card-batch"),
    ("POST", "/user/{userID}/card/{cardID}/generated-cvc2"),
    ("PUT", "/user/{userID}/card/{cardID}/generated-cvc2/{itemId}"),
    ("PUT", "/user/{userID}/monetary-account-card/{itemId}"),
    ("POST", "/user/{userID}/certificate-pinned"),
    ("DELETE", "/user/{userID}/certificate-pinned/{itemId}"),
    ("POST", "/user/{userID}/notification-filter-url"),
    ("POST", "/user/{userID}/monetary-account/{monetary-accountID}/notification-filter-url"),
    ("POST", "/user/{userID}/notification-filter-push"),
    ("POST", "/user/{userID}/notification-filter-email"),
]

REF = "#/components/schemas/"

# Filter schema -> (item schema name, fields of NotificationFilter it takes).
FILTER_ITEMS = {
    "NotificationFilterUrl": ("NotificationFilterUrlEntry", ["category", "notification_target"]),
    "NotificationFilterUrlMonetaryAccount": ("NotificationFilterUrlEntry", ["category", "notification_target"]),
    "NotificationFilterPush": ("NotificationFilterPushEntry", ["category"]),
    "NotificationFilterEmail": ("NotificationFilterEmailEntry", ["category"]),
}


def template(path):
    return re.sub(r"\{[^}]+\}", "{id}", path)


def referenced(node):
    """Names of the component schemas a schema refers to, directly."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str) and value.startswith(REF):
                yield value[len(REF):]
            else:
                yield from referenced(value)
    elif isinstance(node, list):
        for value in node:
            yield from referenced(value)


def extract(spec):
    components = spec["components"]["schemas"]
    operations, schemas, corrections = {}, {}, []

    def copy(name):
        if name in schemas:
            return
        schema = json.loads(json.dumps(components[name]))
        if name in FILTER_ITEMS:
            item, fields = FILTER_ITEMS[name]
            items = schema["properties"]["notification_filters"]["items"]
            wrong = items.get("$ref", "")[len(REF):]
            if wrong in FILTER_ITEMS:
                items["$ref"] = REF + item
                source = components["NotificationFilter"]["properties"]
                schemas.setdefault(item, {"type": "object", "properties": {field: source[field] for field in fields}})
                corrections.append(f"{name}.notification_filters.items: {wrong} (a filter body, not a filter) -> {item}")
        schemas[name] = schema
        for other in referenced(schema):
            copy(other)

    for method, path in OPERATIONS:
        operation = spec["paths"][path][method.lower()]
        body = operation.get("requestBody")
        name = None
        if body:
            ref = body["content"]["application/json"]["schema"]["$ref"]
            name = ref[len(REF):]
            copy(name)
        operations[f"{method} {template(path)}"] = {"path": path, "operation_id": operation.get("operationId"), "schema": name}
    return {
        "source": "bunq's OpenAPI document (openapi " + spec.get("openapi", "?") + "), extracted by Tests/wire/extract_request_schemas.py",
        "operations": operations,
        "corrections": sorted(set(corrections)),
        "schemas": {name: schemas[name] for name in sorted(schemas)},
    }


def render(spec):
    return json.dumps(extract(spec), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: extract_request_schemas.py PATH/TO/openapi.json")
    with open(sys.argv[1], encoding="utf-8") as handle:
        sys.stdout.write(render(json.load(handle)))
