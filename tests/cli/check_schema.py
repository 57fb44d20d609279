#!/usr/bin/env python3
"""Checks incident files against data/incidents.schema.json with the python3-jsonschema
package (an independent validator), and that deliberately broken documents are refused.
usage: check_schema.py SOURCE_DIR"""
import copy
import json
import sys

import jsonschema

src = sys.argv[1]
with open(f"{src}/data/incidents.schema.json", encoding="utf-8") as f:
    schema = json.load(f)
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)
failed = 0
for name in ("data/seed-incidents.json", "tests/data/located-incidents.json", "tests/data/edge-incidents.json"):
    with open(f"{src}/{name}", encoding="utf-8") as f:
        doc = json.load(f)
    errors = list(validator.iter_errors(doc))
    for e in errors:
        print(f"FAIL {name}: {'/'.join(map(str, e.absolute_path))}: {e.message}")
    failed += bool(errors)
    # The schema must refuse what the reader refuses.
    broken = copy.deepcopy(doc)
    broken["incidents"][0]["locations"][0]["lat"] = 95
    if validator.is_valid(broken):
        print(f"FAIL {name}: schema accepts lat 95")
        failed += 1
    broken = copy.deepcopy(doc)
    broken["incidents"][0]["locations"][0]["role"] = "victim"
    if validator.is_valid(broken):
        print(f"FAIL {name}: schema accepts role 'victim'")
        failed += 1
print(f"{3 - min(failed, 3)} passed, {min(failed, 3)} failed")
sys.exit(1 if failed else 0)
