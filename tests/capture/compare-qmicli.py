#!/usr/bin/env python3
"""Checks a bridge capture, decoded by qrtr-capture --decode=json, against
what qmicli printed for the same conversations: every message present, in
order, with the right directions, and the values qmicli showed.
usage: compare-qmicli.py DECODED.jsonl QMICLI_OUTPUT_DIR"""
import json, re, sys, pathlib

msgs = [json.loads(l) for l in open(sys.argv[1])]
out = pathlib.Path(sys.argv[2])
fail = 0

def check(cond, what):
    global fail
    print(("ok: " if cond else "FAIL: ") + what)
    fail += 0 if cond else 1

# Each qmicli run is one conversation: allocate a client id, the request and
# its response, release the client id; requests go out, responses come in.
runs = sorted(out.glob("*.txt"), key=lambda r: int(r.stem.split("-", 1)[0]))  # in the order they ran
expected = []
for r in runs:
    svc, msg = r.stem.split("-", 1)[1].split(".")
    expected += [("out", "ctl", "request", "allocate_cid"), ("in", "ctl", "response", "allocate_cid"),
                 ("out", svc, "request", msg), ("in", svc, "response", msg),
                 ("out", "ctl", "request", "release_cid"), ("in", "ctl", "response", "release_cid")]
got = [(m["direction"], m["service"], m["kind"], m["message"]) for m in msgs]
check(got == expected, f"{len(expected)} messages in order with directions (got {len(got)})")
if got != expected:
    for i, (g, e) in enumerate(zip(got, expected)):
        if g != e:
            print(f"  first difference at message {i + 1}: got {g}, expected {e}")
            break

# requests and responses pair up by transaction id and client id
for i in range(0, len(msgs) - 1, 2):
    q, a = msgs[i], msgs[i + 1]
    if q["txn"] != a["txn"] or q["qmux"]["client_id"] != a["qmux"]["client_id"]:
        check(False, f"message {i + 1} and {i + 2} pair up")
        break
else:
    check(True, "every request is followed by its response (txn, client id)")

def response(svc, msg):
    for m in msgs:
        if m["service"] == svc and m["message"] == msg and m["kind"] == "response":
            return m["tlvs"]
    return {}

def printed(run, label):
    text = (out / run).read_text()
    m = re.search(r"\b" + re.escape(label) + r": '([^']*)'", text)
    return m.group(1) if m else None

def txt(name):
    return next(r.name for r in runs if r.stem.endswith(name))

ids = response("dms", "get_ids")
for label, field in (("IMEI", "imei"), ("ESN", "esn"), ("MEID", "meid")):
    p = printed(txt("dms.get_ids"), label)
    check(p is not None and p == ids.get(field), f"get_ids {field}: qmicli printed {p!r}, capture has {ids.get(field)!r}")
check(ids.get("imei") == "359225050039973", "get_ids IMEI is the canned value")
for run, label, field in (("dms.get_manufacturer", "Manufacturer", "manufacturer"),
                          ("dms.get_model", "Model", "model"),
                          ("dms.get_revision", "Revision", "revision")):
    p = printed(txt(run), label)
    svc, msg = run.split(".")
    v = response(svc, msg).get(field)
    check(p is not None and p == v, f"{run} {field}: qmicli printed {p!r}, capture has {v!r}")
home = response("nas", "get_home_network").get("home_network", {})
for label, field in (("MCC", "mcc"), ("MNC", "mnc"), ("Description", "description")):
    p = printed(txt("nas.get_home_network"), label)
    check(p is not None and p == str(home.get(field)), f"home network {field}: qmicli printed {p!r}, capture has {home.get(field)!r}")

# Values that need rendering, compared as qmicli (libqmi-utils) printed them with
# what qrtr-capture's "display" (wire/'s renderer) says for the same bytes: the
# byte order of IPv4 (a little-endian u32, 01 00 00 0a is 10.0.0.1), IPv6,
# scaled values (RSSI magnitude, ECIO in -0.5 dB, SNR in 0.1 dB), MAC as hex.
def display(svc, msg):
    for m in msgs:
        if m["service"] == svc and m["message"] == msg and m["kind"] == "response":
            return m.get("display") or {}
    return {}

def line(run, label):
    m = re.search(r"^\s*" + re.escape(label) + r": (.*)$", (out / run).read_text(), re.M)
    return m.group(1).strip() if m else None

def reading(s):  # "-101 dBm (raw 101)" -> "-101"; "-8.5 dBm" -> "-8.5"
    return s.split(" ")[0] if s else s

cur = display("wds", "get_current_settings")
run = txt("wds.get_current_settings")
for label, got in (("IPv4 address", cur.get("ipv4_address")), ("IPv4 subnet mask", cur.get("ipv4_gateway_subnet_mask")),
                   ("IPv4 gateway address", cur.get("ipv4_gateway_address")),
                   ("IPv4 primary DNS", cur.get("primary_ipv4_dns_address")),
                   ("IPv4 secondary DNS", cur.get("secondary_ipv4_dns_address")),
                   ("IPv6 address", "%s/%s" % (cur.get("ipv6_address", {}).get("address"), cur.get("ipv6_address", {}).get("prefix_length"))),
                   ("IPv6 primary DNS", cur.get("ipv6_primary_dns_address"))):
    p = line(run, label)
    check(p is not None and p == got, f"current settings {label}: qmicli printed {p!r}, capture shows {got!r}")
check(cur.get("ipv4_address") == "10.0.0.1", "IPv4 address is the canned 10.0.0.1")

sig = display("nas", "get_signal_strength")
text = (out / txt("nas.get_signal_strength")).read_text()
for section, got in (("RSSI", sig.get("rssi_list", [{}])[0].get("rssi")), ("ECIO", sig.get("ecio_list", [{}])[0].get("ecio")),
                     ("SNR", sig.get("lte_snr"))):
    m = re.search(r"^" + section + r":\n\tNetwork '[^']*': '([^']*)'", text, re.M)
    p = m.group(1) if m else None
    check(p is not None and reading(p) == reading(got), f"signal strength {section}: qmicli printed {p!r}, capture shows {got!r}")

mac = display("dms", "get_mac_address").get("mac_address")
m = re.search(r"Contents:\n\s*([0-9A-F:]+)", (out / txt("dms.get_mac_address")).read_text())
check(m is not None and m.group(1) == mac, f"MAC address: qmicli printed {m and m.group(1)!r}, capture shows {mac!r}")
# BCD digits (qmicli's decode_iccid: low nibble first, F filler), and values
# whose sign and scale the schemas give: a base station west of Greenwich
# (0.25 arc seconds, signed), time zones west of it (15 and 30 minutes)
slot = display("uim", "get_slot_status").get("physical_slot_status", [{}])[0]
p = line(txt("uim.get_slot_status"), "ICCID")
check(p is not None and p == slot.get("iccid") == "8944501234567890123",
      f"slot status ICCID: qmicli printed {p!r}, capture shows {slot.get('iccid')!r}")
ss = display("nas", "get_serving_system")
run = txt("nas.get_serving_system")
for label, got in (("Latitude", ss.get("cdma_base_station_info", {}).get("base_station_latitude")),
                   ("Longitude", ss.get("cdma_base_station_info", {}).get("base_station_longitude")),
                   ("Local time offset", ss.get("time_zone_3gpp2", {}).get("local_time_offset")),
                   ("3GPP time zone offset", ss.get("time_zone_3gpp")),
                   ("3GPP daylight saving time adjustment", ss.get("daylight_saving_time_adjustment_3gpp"))):
    p = printed(run, label)
    check(p is not None and reading(p) == reading(got), f"serving system {label}: qmicli printed {p!r}, capture shows {got!r}")
check(reading(ss.get("cdma_base_station_info", {}).get("base_station_longitude")) == "-74.005972",
      "serving system: the canned longitude is west (-74.005972)")
sys.exit(1 if fail else 0)
