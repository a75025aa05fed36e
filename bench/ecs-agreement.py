#!/usr/bin/env python3
"""Field agreement with Elastic's integrations (issue #18): how many of the ECS fields Elastic's own
pipeline tests expect does `soctinh parse` give, with the same value?

Reads a local checkout of https://github.com/elastic/integrations (not stored in this repository:
its test data is theirs). For each data stream named below, every `_dev/test/pipeline/*.log` with a
`*.log-expected.json` beside it is parsed line by line by `soctinh parse` (the same path as the live
pipeline), and each expected event is compared with ours, field by field, over the ECS fields that
mean the same in both (event.*, source.*, destination.*, user.*, url.*, http.*, rule.*, observer.*,
log.level, network.*, dns.*, process.*, file.*, @timestamp) and the vendor namespace. Fields that
depend on the pipeline's run (event.ingested, event.created, ecs.version, tags, geo and AS lookups,
related.*) are not counted.

  python3 bench/ecs-agreement.py /path/to/integrations            all streams below
  python3 bench/ecs-agreement.py /path/to/integrations system/auth apache/access

Prints one line per stream (fields agreeing / fields expected) and the differences that occur most.
Lines whose expected output is a pipeline error are skipped. Needs app/target/soctinh.jar.
"""
import collections
import json
import os
import subprocess
import sys

STREAMS = ["system/auth", "apache/access", "apache/error", "nginx/access", "nginx/error", "iptables/log", "auditd/log",
           "pfsense/log", "fortinet_fortigate/log", "cisco_asa/log", "suricata/eve"]
COUNTED = ("@timestamp", "event.", "source.", "destination.", "user.", "url.", "http.", "rule.", "observer.", "log.level",
           "network.", "dns.", "process.", "file.", "email.", "tls.", "client.", "server.", "group.", "package.")
VENDOR = ("system.auth.", "cisco.asa.", "fortinet.firewall.", "suricata.eve.", "auditd.", "iptables.", "pfsense.", "apache.", "nginx.")
IGNORED = ("event.ingested", "event.created", "event.original", "event.kind", "event.module", "event.dataset", "event.timezone",
           ".geo.", ".as.", "related.", "ecs.version", "user_agent.")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def flatten(d, prefix="", out=None):
    out = {} if out is None else out
    for k, v in d.items():
        key = prefix + k
        if isinstance(v, dict):
            flatten(v, key + ".", out)
        else:
            out[key] = v
    return out


def same(a, b):
    if isinstance(a, list) or isinstance(b, list):
        la = a if isinstance(a, list) else [a]
        lb = b if isinstance(b, list) else [b]
        return sorted(map(str, la)) == sorted(map(str, lb))
    if isinstance(a, str) and isinstance(b, str) and a.endswith("Z") and b.endswith("Z") and "T" in a:
        return a.replace(".000Z", "Z") == b.replace(".000Z", "Z")
    return str(a) == str(b)


def counted(field):
    if any(i in field for i in IGNORED):
        return False
    return field.startswith(COUNTED) or field.startswith(VENDOR)


def parse(lines):
    jar = os.path.join(ROOT, "app", "target", "soctinh.jar")
    p = subprocess.run(["java", "-jar", jar, "parse", "--timezone", "UTC"], input="\n".join(lines) + "\n",
                       capture_output=True, text=True, check=True)
    return [json.loads(l) for l in p.stdout.splitlines() if l.strip()]


def stream(checkout, name):
    package, data_stream = name.split("/")
    d = os.path.join(checkout, "packages", package, "data_stream", data_stream, "_dev", "test", "pipeline")
    agree = total = 0
    wrong = collections.Counter()
    if not os.path.isdir(d):
        return 0, 0, wrong
    for f in sorted(os.listdir(d)):
        if not f.endswith(".log") or not os.path.exists(os.path.join(d, f + "-expected.json")):
            continue
        lines = [l for l in open(os.path.join(d, f), encoding="utf-8", errors="replace").read().splitlines() if l]
        expected = json.load(open(os.path.join(d, f + "-expected.json"), encoding="utf-8"))["expected"]
        if len(expected) != len(lines):
            continue  # multiline inputs: the pairing of lines and events is not known
        ours = parse(lines)
        for exp, got in zip(expected, ours):
            e = flatten(exp)
            if e.get("event.kind") == "pipeline_error" or "error.message" in e:
                continue
            g = flatten(got)
            for k, v in e.items():
                if not counted(k):
                    continue
                total += 1
                if k in g and same(v, g[k]):
                    agree += 1
                else:
                    wrong[k] += 1
    return agree, total, wrong


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    checkout = sys.argv[1]
    names = sys.argv[2:] or STREAMS
    all_agree = all_total = 0
    for name in names:
        agree, total, wrong = stream(checkout, name)
        all_agree += agree
        all_total += total
        share = 100.0 * agree / total if total else 0.0
        worst = ", ".join(f"{k} ({n})" for k, n in wrong.most_common(4))
        print(f"{name:28} {agree:6d} / {total:6d}  {share:5.1f} %   most often different: {worst}")
    if all_total:
        print(f"{'all':28} {all_agree:6d} / {all_total:6d}  {100.0 * all_agree / all_total:5.1f} %")
    return 0


if __name__ == "__main__":
    sys.exit(main())
