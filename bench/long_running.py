"""Starts one long-running Cloud Healthcare API method on the emulator and waits for its operation.

    python3 bench/long_running.py BASE_URL METHOD_PATH JSON_BODY

POSTs JSON_BODY to BASE_URL/v1/METHOD_PATH (e.g. projects/p/locations/l/datasets/d/dicomStores/s:import), polls
operations.get every 50 ms until the operation is done, and prints "SUCCESS FAILURE SECONDS": the operation's
counters and the time from the request until it was seen done. Exits non-zero when the operation ends in an error.
Plain HTTP/JSON, the wire format of Google's clients, so the benchmarks need nothing but the standard library.
"""
import json
import sys
import time
import urllib.request


def call(base, method, path, body=None):
    req = urllib.request.Request(base + "/v1/" + path, method=method,
                                 data=None if body is None else json.dumps(body).encode(),
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req) as r:
        return json.load(r)


def main(base, path, body):
    started = time.perf_counter()
    op = call(base, "POST", path, json.loads(body))
    while not op.get("done"):
        time.sleep(0.05)
        op = call(base, "GET", op["name"])
    elapsed = time.perf_counter() - started
    if "error" in op:
        sys.exit("operation failed: %s" % op["error"])
    counter = op["metadata"].get("counter", {})
    print("%s %s %.3f" % (counter.get("success", 0), counter.get("failure", 0), elapsed))


if __name__ == "__main__":
    main(*sys.argv[1:4])
