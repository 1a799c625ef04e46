#!/usr/bin/env python3
"""Python multiprocessing peers of sk-process's benchmarks (stdlib only, Python 3.11+).

Measures, on this machine:
  * a raw 8-byte socket ping-pong with a child process, the floor both languages share, printed
    beside the Java run's rawPingPong so that runs made in unlike conditions show;
  * Manager().dict() get and put made from a child process (the dict lives in the manager's
    server process, as SKGlobal maps live in the parent JVM), per operation;
  * Pool.apply of a no-op function on a warm Pool(2), per round trip.

If the Java results exist (sk-bench/target/benchmark-results.json, written by
`./mvnw -pl sk-bench -Pbench -DskipTests verify -Dbench.args="bench.process"`), prints the ratios
Python time / Java time beside the issue 7 goals: a cross-process global get at least 3x faster
than the Manager dict get from a child, a pool round trip at least 10x faster than Pool.apply.

Usage: python3 multiprocessing_peers.py [--json PATH] [--ops N] [--rounds R]
"""

import argparse
import json
import multiprocessing as mp
import os
import platform
import statistics
import sys
import time

JAVA_PREFIX = "dev.suitkaise.bench.process.ProcessRoundTripBenchmark."
UNIT_NS = {"ns/op": 1.0, "us/op": 1e3, "ms/op": 1e6, "s/op": 1e9}


def noop():
    return 42


def dict_ops_in_child(shared, op, ops, rounds, results):
    """Runs in the child: `rounds` timed rounds of `ops` gets (or puts); sends ns per op."""
    times = []
    for _ in range(rounds + 1):  # the first round warms up
        start = time.perf_counter_ns()
        if op == "get":
            total = 0
            for _ in range(ops):
                total += shared["key"]
        else:
            for i in range(ops):
                shared["written"] = i
        times.append((time.perf_counter_ns() - start) / ops)
    results.put(times[1:])


def manager_dict(op, ops, rounds):
    with mp.Manager() as manager:
        shared = manager.dict({"key": 42})
        results = mp.Queue()
        child = mp.Process(target=dict_ops_in_child, args=(shared, op, ops, rounds, results))
        child.start()
        times = results.get(timeout=600)
        child.join(60)
    return times


def pool_apply(ops, rounds):
    times = []
    with mp.Pool(2) as pool:
        for _ in range(rounds + 1):  # the first round warms up (and starts the workers)
            start = time.perf_counter_ns()
            for _ in range(ops):
                pool.apply(noop)
            times.append((time.perf_counter_ns() - start) / ops)
    return times[1:]


def echo_in_child(sock, parent_end):
    """Runs in the child: echoes 8-byte messages until the socket closes."""
    # a forked child inherits the parent's end too; holding it open would keep the socket from
    # ever closing, and the child would wait for the next ping forever
    parent_end.close()
    while True:
        data = sock.recv(8)
        if not data:
            return
        sock.sendall(data)


def raw_ping_pong(ops, rounds):
    """8 bytes to a child process and back over a Unix socket pair: the floor of both languages."""
    import socket
    parent_end, child_end = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    child = mp.Process(target=echo_in_child, args=(child_end, parent_end))
    child.start()
    child_end.close()
    times = []
    message = b"\x00" * 8
    for _ in range(rounds + 1):  # the first round warms up
        start = time.perf_counter_ns()
        for _ in range(ops):
            parent_end.sendall(message)
            got = 0
            while got < 8:
                got += len(parent_end.recv(8 - got))
        times.append((time.perf_counter_ns() - start) / ops)
    parent_end.close()
    child.join(10)
    if child.is_alive():  # never leave the echo child behind
        child.terminate()
        child.join(10)
    return times[1:]


def java_scores(path):
    """Java ns/op by method name, from JMH's JSON results, or {} if absent."""
    try:
        with open(path, encoding="utf-8") as f:
            results = json.load(f)
    except (OSError, ValueError):
        return {}
    scores = {}
    for r in results:
        name = r.get("benchmark", "")
        metric = r.get("primaryMetric", {})
        unit = metric.get("scoreUnit")
        if name.startswith(JAVA_PREFIX) and unit in UNIT_NS:
            scores[name[len(JAVA_PREFIX):]] = (metric["score"] * UNIT_NS[unit],
                                                metric.get("scoreError", 0.0) * UNIT_NS[unit])
    return scores


def fmt(ns):
    return f"{ns / 1000:10.2f} us/op"


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", default=os.path.join(here, "..", "target", "benchmark-results.json"),
                        help="JMH JSON results of the Java run (default: sk-bench/target/benchmark-results.json)")
    parser.add_argument("--ops", type=int, default=2000, help="operations per timed round (default 2000)")
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds after one warm-up round (default 5)")
    args = parser.parse_args()

    print(f"Python {platform.python_version()} multiprocessing ({mp.get_start_method()} start), "
          f"{os.cpu_count()} CPUs; {args.rounds} rounds of {args.ops} ops, median (min-max) per op")
    python = {}
    for label, key, run in (("raw socket ping-pong with a child", "ping", lambda: raw_ping_pong(args.ops, args.rounds)),
                            ("Manager().dict() get from a child", "get", lambda: manager_dict("get", args.ops, args.rounds)),
                            ("Manager().dict() put from a child", "put", lambda: manager_dict("put", args.ops, args.rounds)),
                            ("Pool(2).apply(noop) round trip", "apply", lambda: pool_apply(args.ops, args.rounds))):
        times = run()
        python[key] = statistics.median(times)
        print(f"  {label:36} {fmt(python[key])}  ({min(times) / 1000:.2f}-{max(times) / 1000:.2f})")

    java = java_scores(args.json)
    if not java:
        print(f"\nNo Java results in {args.json}; run the sk-process benchmarks first to see the ratios.")
        return 0
    print(f"\nRatios (Python time / Java time, higher means Java is faster), Java from {os.path.normpath(args.json)}:")
    if "rawPingPong" in java:
        floor = python["ping"] / java["rawPingPong"][0]
        print(f"  the floor, raw socket ping-pong: Python {python['ping'] / 1000:.2f} us, Java run {java['rawPingPong'][0] / 1000:.2f} us"
              f" = {floor:.1f}x")
        if floor < 0.67 or floor > 1.5:
            print("  WARNING: the two runs saw very different socket round trips (the machine's load or idle state"
                  " changed between them); the ratios below compare unlike conditions. Run both again back to back.")
    rows = (("get", "globalGetFromChild", 3.0, "cross-process global get vs Manager dict get from a child"),
            ("put", "globalPutFromChild", None, "cross-process global put vs Manager dict put from a child"),
            ("apply", "poolRoundTrip", 10.0, "SKPool submit round trip vs Pool.apply"),
            ("apply", "taskRoundTrip", None, "warm child task round trip vs Pool.apply"))
    missed = 0
    for py_key, java_name, goal, label in rows:
        if java_name not in java:
            print(f"  {label}: no Java result for {java_name}")
            continue
        java_ns, java_err = java[java_name]
        ratio = python[py_key] / java_ns
        if goal is None:
            verdict = "no goal"
        elif ratio >= goal:
            verdict = f"goal >= {goal:g}x: met"
        else:
            verdict = f"goal >= {goal:g}x: missed"
            missed += 1
        print(f"  {label}: Python {python[py_key] / 1000:.2f} us / Java {java_ns / 1000:.2f} ± {java_err / 1000:.2f} us"
              f" = {ratio:.1f}x  ({verdict})")
    print("All goals met." if missed == 0 else f"{missed} goal(s) missed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
