#!/usr/bin/env python3
"""Golden tests for the incidentmap CLI.

Each case in a JSON file is {"name", "args", "stdin"?, "exit_code", "stdout"?, "stderr"?,
"files"?, "needs"?}: "stdout"/"stderr" are lists of regular expressions that must all match (use
"!regex" for one that must not), "files" maps a path to regexes its content must match.
In args and paths, {bin} is the incidentmap binary, {src} the source tree, {tmp} a fresh
temporary folder for the case. "needs" lists paths the case reads that a fresh clone may
lack (../shared): when one is absent the case is skipped, and says so.

usage: run_cli_tests.py INCIDENTMAP_BINARY SOURCE_DIR CASES.json
"""
import json
import os
import re
import subprocess
import sys
import tempfile


def expand(text, env):
    for key, value in env.items():
        text = text.replace("{" + key + "}", value)
    return text


def check_patterns(label, text, patterns, failures):
    for pattern in patterns:
        negate = pattern.startswith("!")
        found = re.search(pattern[1:] if negate else pattern, text, re.MULTILINE) is not None
        if found == negate:
            failures.append(f"{label} {'matches' if negate else 'does not match'} /{pattern}/:\n{text}")


def main():
    binary, source_dir, cases_path = sys.argv[1:4]
    with open(cases_path, encoding="utf-8") as f:
        cases = json.load(f)
    passed = failed = skipped = 0
    for case in cases:
        needs = [os.path.normpath(expand(p, {"src": source_dir})) for p in case.get("needs", [])]
        absent = [p for p in needs if not os.path.exists(p)]
        if absent:
            skipped += 1
            print(f"skip {case['name']}: {', '.join(absent)} is absent")
            continue
        with tempfile.TemporaryDirectory(prefix="incidentmap-cli-") as tmp:
            env = {"bin": binary, "src": source_dir, "tmp": tmp}
            for path, content in case.get("setup_files", {}).items():
                with open(expand(path, env), "wb") as out:
                    out.write(content.encode("utf-8", "surrogateescape"))
            args = [expand(a, env) for a in case["args"]]
            proc = subprocess.run(args, input=case.get("stdin", "").encode(), capture_output=True,
                                  cwd=source_dir, timeout=60)
            stdout = proc.stdout.decode("utf-8", "replace")
            stderr = proc.stderr.decode("utf-8", "replace")
            failures = []
            if proc.returncode != case["exit_code"]:
                failures.append(f"exit code {proc.returncode}, expected {case['exit_code']}")
            check_patterns("stdout", stdout, case.get("stdout", []), failures)
            check_patterns("stderr", stderr, case.get("stderr", []), failures)
            # No stack traces or sanitizer reports, ever.
            check_patterns("stderr", stderr, ["!terminate called", "!Aborted", "!ERROR: AddressSanitizer",
                                              "!runtime error:"], failures)
            for path, patterns in case.get("files", {}).items():
                full = expand(path, env)
                if patterns is None:
                    if os.path.exists(full):
                        failures.append(f"{path} exists but should not")
                    continue
                if not os.path.exists(full):
                    failures.append(f"{path} was not written")
                    continue
                with open(full, encoding="utf-8", errors="replace") as f:
                    check_patterns(path, f.read(), patterns, failures)
            if case.get("no_stray_files"):
                leftovers = [n for n in os.listdir(tmp) if n.startswith(".")]
                if leftovers:
                    failures.append(f"temporary files left behind: {leftovers}")
        if failures:
            failed += 1
            print(f"FAIL {case['name']}\n  " + "\n  ".join(failures))
        else:
            passed += 1
            print(f"ok   {case['name']}")
    print(f"{passed} passed, {failed} failed, {skipped} skipped")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
