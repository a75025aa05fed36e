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

Each test's `<name>-config.yml` (or the folder's `test-common-config.yml`) is honoured as Elastic's
test runner does: `dynamic_fields` are not compared, `multiline.first_line_pattern` joins lines into
one message (sent octet-counted, so a message keeps its newlines), `event.timezone` is the zone of
stamps without one (a test without one whose expected events all record the same `event.timezone`
ran with it). Dates are compared as instants to the millisecond (`16:22:08.000+02:00` is
`14:22:08Z`). Tests whose input is a pre-parsed document (their config injects the vendor's
fields) are skipped: there is no line to parse. Events the pipeline drops (null) are not compared.

Prints one line per stream (fields agreeing / fields expected) and the differences that occur most.
Lines whose expected output is a pipeline error are skipped. Needs app/target/soctinh.jar and PyYAML.
`-v` prints every difference (test file, field, Elastic's value, ours).

  python3 bench/ecs-agreement.py --tag nginx=nginx --tag apache=apache2 /path/to/integrations nginx/access

`--tag PACKAGE=PROGRAM` sends that package's lines as their server sends them over syslog, tagged
with PROGRAM (`<14>nginx: LINE`), as Elastic's data stream knows which server wrote a file. Without
it the lines arrive untagged, and a combined access line cannot tell Apache from nginx.
`--source-parser PACKAGE=PARSER` parses that package's lines as sent by an agency whose source sets
`parser: PARSER` (`pfsense=pfsense`: a pfSense's Squid, HAProxy, Unbound lines are read as its
services, with the firewall as observer, as Elastic's pfSense data stream assumes).
"""
import collections
import datetime
import json
import os
import re
import subprocess
import sys
import tempfile

import yaml

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
    if isinstance(a, str) and isinstance(b, str) and instant(a) is not None and instant(b) is not None:
        # both stores keep dates as instants to the millisecond (Elasticsearch's date type, our epoch
        # milliseconds): 16:22:08.000+02:00 is 14:22:08Z
        return instant(a) == instant(b)
    return str(a) == str(b)


def instant(t):
    """Epoch milliseconds of an ISO date with a zone (Z or +hh:mm), else None."""
    m = re.fullmatch(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:?\d\d)", t)
    if not m:
        return None
    zone = "+00:00" if m.group(3) == "Z" else m.group(3)
    base = datetime.datetime.fromisoformat(m.group(1) + zone[:3] + ":" + zone[-2:])
    return int(base.timestamp()) * 1000 + int((m.group(2) or "").ljust(3, "0")[:3])


def counted(field):
    if any(i in field for i in IGNORED):
        return False
    return field.startswith(COUNTED) or field.startswith(VENDOR)


VERBOSE = False
# what a test may give besides its lines without making the input a pre-parsed document
PLAIN_FIELDS = {"@timestamp", "tags", "event.timezone", "input.type", "_conf", "event.module", "event.dataset"}


TAGS = {}
# --source-parser PACKAGE=PARSER: the lines as sent by an agency whose source sets `parser:` (pfsense)
SOURCE_PARSERS = {}


def parse(messages, zone, program=None, source_parser=None):
    """Our events for the messages, octet-counted so that a multi-line message stays one; with
    source_parser, as sent by an agency whose source is configured with that parser."""
    if program:
        messages = [f"<14>{program}: {m}" for m in messages]
    jar = os.path.join(ROOT, "app", "target", "soctinh.jar")
    framed = b"".join(str(len(m.encode("utf-8"))).encode() + b" " + m.encode("utf-8") for m in messages)
    cmd = ["java", "-jar", jar, "parse", "--framing", "octet-counting", "--timezone", zone]
    with tempfile.TemporaryDirectory() as tmp:
        if source_parser:
            conf = os.path.join(tmp, "soctinh.yml")
            with open(conf, "w", encoding="utf-8") as f:
                f.write(f"data_dir: {tmp}/data\nsources:\n  - agency: bench\n    cidrs: [192.0.2.0/24]\n"
                        f"    parser: {source_parser}\n    timezone: \"{zone}\"\n")
            cmd += ["-c", conf, "--agency", "bench"]
        p = subprocess.run(cmd, input=framed, capture_output=True, check=True)
    return [json.loads(l) for l in p.stdout.decode("utf-8").splitlines() if l.strip()]


def config(d, f):
    """The test's config (its own, else the folder's common one), {} when none."""
    for name in (f + "-config.yml", "test-common-config.yml"):
        path = os.path.join(d, name)
        if os.path.exists(path):
            text = open(path, encoding="utf-8").read()
            # one upstream file quotes @timestamp nowhere, which YAML refuses as a plain key
            text = re.sub(r"(?m)^(\s*)@timestamp:", r'\1"@timestamp":', text)
            return yaml.safe_load(text) or {}
    return {}


def zone_of(cfg, expected=()):
    """event.timezone of a test (+0000, GMT+2, +02:00) as a zone soctinh parse takes; without one in the
    config, the zone Elastic's runner ran in when every expected event records the same one; else UTC."""
    fields = flatten(cfg.get("fields") or {})
    recorded = {str((e.get("event") or {}).get("timezone")) for e in expected if e}
    default = recorded.pop() if len(recorded) == 1 and "None" not in recorded else "UTC"
    tz = str(fields.get("event.timezone", default))
    m = re.fullmatch(r"(?:GMT|UTC)?\s*([+-])(\d{1,2}):?(\d{2})?", tz)
    if m:
        return f"{m.group(1)}{int(m.group(2)):02d}:{m.group(3) or '00'}"
    return "UTC" if tz in ("GMT", "UTC", "Z") else tz


def messages(lines, cfg):
    pattern = ((cfg.get("multiline") or {}).get("first_line_pattern"))
    if not pattern:
        return lines
    out = []
    for l in lines:
        if out and not re.search(pattern, l):
            out[-1] += "\n" + l
        else:
            out.append(l)
    return out


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
        cfg = config(d, f)
        injected = set(flatten(cfg.get("fields") or {}))
        if any(k not in PLAIN_FIELDS and not k.startswith("_") for k in injected):
            continue  # a pre-parsed document, not a line
        dynamic = set((cfg.get("dynamic_fields") or {}).keys())
        lines = [l for l in open(os.path.join(d, f), encoding="utf-8", errors="replace").read().splitlines() if l]
        msgs = messages(lines, cfg)
        expected = json.load(open(os.path.join(d, f + "-expected.json"), encoding="utf-8"))["expected"]
        if len(expected) != len(msgs):
            print(f"  skipped {name}/{f}: {len(msgs)} messages, {len(expected)} expected events", file=sys.stderr)
            continue
        zone = zone_of(cfg)
        zones = {flatten(x).get("event.timezone") for x in expected if x}
        if "event.timezone" not in flatten(cfg.get("fields") or {}) and len(zones) == 1 and None not in zones:
            # expected events recorded with a zone the test's own files no longer give (a common config since removed)
            zone = zone_of({"fields": {"event.timezone": zones.pop()}})
        ours = parse(msgs, zone, TAGS.get(package), SOURCE_PARSERS.get(package))
        for exp, got in zip(expected, ours):
            if exp is None:
                continue  # the pipeline drops this one
            e = flatten(exp)
            if e.get("event.kind") == "pipeline_error" or "error.message" in e:
                continue
            g = flatten(got)
            for k, v in e.items():
                if not counted(k) or k in dynamic:
                    continue
                total += 1
                if k in g and same(v, g[k]):
                    agree += 1
                else:
                    wrong[k] += 1
                    if VERBOSE:
                        print(f"  {f}: {k}: elastic {json.dumps(v, ensure_ascii=False)} ours {json.dumps(g.get(k), ensure_ascii=False)}")
    return agree, total, wrong


def main():
    if len([a for a in sys.argv[1:] if a != "-v"]) < 1:
        print(__doc__)
        return 2
    global VERBOSE
    args = [a for a in sys.argv[1:] if a != "-v"]
    VERBOSE = len(args) != len(sys.argv) - 1
    while len(args) > 1 and args[0] in ("--tag", "--source-parser") and "=" in args[1]:
        package, value = args[1].split("=", 1)
        (TAGS if args[0] == "--tag" else SOURCE_PARSERS)[package] = value
        args = args[2:]
    checkout = args[0]
    names = args[1:] or STREAMS
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
