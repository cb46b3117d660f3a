#!/usr/bin/env python3
"""Writes the --import test logs of this folder (see README.md for where each
layout and each frame comes from). Run it from this folder after changing it;
the logs are checked in so the tests need nothing but qrtr-capture."""
import calendar
import struct

# QMUX frames: libqmi's test vectors of real modems (tests/gen/real-device-frames.c)
GET_IDS_REQ = bytes.fromhex("010c0000020100ffff25000000")
GET_IDS_RSP = bytes.fromhex(
    "01450080020102ffff250039000204000000000013010042120e003335393232"
    "3530353030333939371008003830393937383734110f00333539323235303530"
    "303339393733")
SERVING_REQ = bytes.fromhex("010c0000030100010024000000")
SERVING_RSP = bytes.fromhex(
    "016e008003010201002400620002040000000000010600010101020105100100"
    "0111040003030405120a00de0032000549763a4c061503000105011b0100001c"
    "0200b45f1d0400cf5a1301210500020300000025080003000000030000002602"
    "002201270500de0032000028010000")
# CTL Allocate CID for DMS (QMUX/CTL layout, docs/qmi-wire-format.md)
ALLOC_REQ = bytes.fromhex("010f00000000000122000400010100" "02")
ALLOC_RSP = bytes.fromhex("011700800000" "010122000c00" "02040000000000" "0102000201")

QMI_UUID = bytes.fromhex("d1a30bc2f97a6e43bf65c7e24fb0f0d3")

def mbim_open(txn):       # MBIM_OPEN_MSG, max control transfer 4096 (libmbim bug report)
    return struct.pack("<IIII", 1, 16, txn, 4096)

def mbim_open_done(txn):
    return struct.pack("<IIII", 0x80000001, 16, txn, 0)

def mbim_qmi(done, txn, qmux):  # COMMAND / COMMAND_DONE on the QMI device service, CID 1
    return struct.pack("<IIIII", 0x80000003 if done else 3, 48 + len(qmux), txn, 1, 0) + QMI_UUID + \
        struct.pack("<III", 1, 0 if done else 1, len(qmux)) + qmux

def colon(b):
    return ":".join("%02X" % x for x in b)

def spaced(b):
    return " ".join("%02x" % x for x in b)

def block(marker, b):
    return [marker + "RAW:", marker + "  length = %d" % len(b), marker + "  data   = " + colon(b)]

def libqmi(header, sent, b, new=True, dev="/dev/cdc-wdm0", verb=("sent", "received")):
    marker = "<<<<<< " if sent or not new else ">>>>>> "
    word = verb[0] if sent else verb[1]
    lines = [header + "[%s] %s message..." % (dev, word)] + block(marker, b) + [""]
    lines += [header + "[%s] %s generic %s (translated)..." % (dev, word, "request" if sent else "response"),
              marker + "QMUX:", marker + "  length  = %d" % (len(b) - 1), marker + "  flags   = 0x00", ""]
    return lines

EXPECT = []  # the records --import must make of the log being written

def expect(iface, sent, ts, b):
    kind = "qmux" if b[0] == 1 and len(b) == (b[1] | b[2] << 8) + 1 else "mbim.control"
    EXPECT.append("%s\t%s\t%d\t%s\t%s" % (iface, "out" if sent else "in", ts, kind, b.hex()))

def utc(y, mo, d, h, mi, s):
    return calendar.timegm((y, mo, d, h, mi, s)) * 1000000

def write(name, lines):
    with open(name, "w") as f:
        f.write("\n".join(lines) + "\n")
    with open(name.replace(".log", ".expected"), "w") as f:
        f.write("".join(e + "\n" for e in EXPECT))
    EXPECT.clear()

# qmicli --verbose, libqmi >= 1.26: lowercase, ">>>>>> " for received
lines = ["[22 Aug 2022, 13:39:11] [Debug] opening device with flags 'none'..."]
lines += libqmi("[22 Aug 2022, 13:39:11] [Debug] ", True, ALLOC_REQ)
lines += libqmi("[22 Aug 2022, 13:39:11] [Debug] ", False, ALLOC_RSP)
lines += libqmi("[22 Aug 2022, 13:39:12] [Debug] ", True, GET_IDS_REQ)
lines += libqmi("[22 Aug 2022, 13:39:12] [Debug] ", False, GET_IDS_RSP)
lines += ["[/dev/cdc-wdm0] Device IDs retrieved:", "\t    ESN: '80997874'"]
# whole seconds only: records of the same second 1 us apart, in log order
expect("/dev/cdc-wdm0", True, utc(2022, 8, 22, 13, 39, 11), ALLOC_REQ)
expect("/dev/cdc-wdm0", False, utc(2022, 8, 22, 13, 39, 11) + 1, ALLOC_RSP)
expect("/dev/cdc-wdm0", True, utc(2022, 8, 22, 13, 39, 12), GET_IDS_REQ)
expect("/dev/cdc-wdm0", False, utc(2022, 8, 22, 13, 39, 12) + 1, GET_IDS_RSP)
write("qmicli-verbose.log", lines)

# older libqmi: "Sent"/"Received", "<<<<<< " on both directions
lines = []
lines += libqmi("[05 Mar 2015, 09:10:01] [Debug] ", True, SERVING_REQ, new=False, verb=("Sent", "Received"))
lines += libqmi("[05 Mar 2015, 09:10:01] [Debug] ", False, SERVING_RSP, new=False, verb=("Sent", "Received"))
expect("/dev/cdc-wdm0", True, utc(2015, 3, 5, 9, 10, 1), SERVING_REQ)
expect("/dev/cdc-wdm0", False, utc(2015, 3, 5, 9, 10, 1) + 1, SERVING_RSP)
write("qmicli-verbose-old.log", lines)

# ModemManager --debug in the journal (journalctl -u ModemManager): the
# continuation lines of a multi-line message are indented under the first
p = "Jun 26 16:47:59 pinephone ModemManager[2234]: "
ind = " " * len(p)
def journal(stamp, sent, b, dev="/dev/cdc-wdm0"):
    marker = "<<<<<< " if sent else ">>>>>> "
    out = [p + "<debug> [%s] [%s] %s message..." % (stamp, dev, "sent" if sent else "received")]
    out += [ind + l for l in block(marker, b)]
    out += [p + "<debug> [%s] [%s] %s generic %s (translated)..." % (stamp, dev, "sent" if sent else "received",
                                                                     "request" if sent else "response")]
    out += [ind + marker + "QMUX:", ind + marker + "  length  = %d" % (len(b) - 1)]
    return out
lines = [p + "<info>  [1719413279.100000] ModemManager (version 1.20.6) starting in system bus..."]
lines += journal("1719413279.296470", True, GET_IDS_REQ)
lines += journal("1719413279.381381", False, GET_IDS_RSP)
lines += journal("1719413280.000123", True, SERVING_REQ, dev="qrtr://0")
lines += journal("1719413280.010456", False, SERVING_RSP, dev="qrtr://0")
expect("/dev/cdc-wdm0", True, 1719413279296470, GET_IDS_REQ)
expect("/dev/cdc-wdm0", False, 1719413279381381, GET_IDS_RSP)
expect("qrtr://0", True, 1719413280000123, SERVING_REQ)
expect("qrtr://0", False, 1719413280010456, SERVING_RSP)
write("mm-journal.log", lines)

# ModemManager through rsyslog: newlines escaped as "#012"
def syslog(stamp, sent, b):
    marker = "<<<<<< " if sent else ">>>>>> "
    return ["Jun 26 16:48:01 router ModemManager[2234]: <debug> [%s] [/dev/cdc-wdm0] %s message...#012" %
            (stamp, "sent" if sent else "received") + "#012".join(block(marker, b))]
lines = syslog("1719413281.500000", True, ALLOC_REQ) + syslog("1719413281.512345", False, ALLOC_RSP)
expect("/dev/cdc-wdm0", True, 1719413281500000, ALLOC_REQ)
expect("/dev/cdc-wdm0", False, 1719413281512345, ALLOC_RSP)
write("mm-syslog.log", lines)

# OpenWrt logread: the lines of one message joined with spaces, no
# ModemManager epoch stamp on this one (logread's own date is used); MBIM
def logread(date, sent, b, epoch=None):
    marker = "<<<<<< " if sent else ">>>>>> "
    stamp = "[%s] " % epoch if epoch else ""
    return ["%s daemon.debug [2234]: <dbg> %s[/dev/cdc-wdm0] %s message... " % (date, stamp, "sent" if sent else "received")
            + " ".join(block(marker, b))]
lines = logread("Wed Jun 26 16:47:59 2024", True, mbim_open(1))
lines += logread("Wed Jun 26 16:47:59 2024", False, mbim_open_done(1))
lines += logread("Wed Jun 26 16:48:00 2024", True, mbim_qmi(False, 2, GET_IDS_REQ), epoch="1719420480.250000")
lines += logread("Wed Jun 26 16:48:00 2024", False, mbim_qmi(True, 2, GET_IDS_RSP), epoch="1719420480.260000")
expect("/dev/cdc-wdm0", True, utc(2024, 6, 26, 16, 47, 59), mbim_open(1))
expect("/dev/cdc-wdm0", False, utc(2024, 6, 26, 16, 47, 59) + 1, mbim_open_done(1))
expect("/dev/cdc-wdm0", True, 1719420480250000, mbim_qmi(False, 2, GET_IDS_REQ))
expect("/dev/cdc-wdm0", False, 1719420480260000, mbim_qmi(True, 2, GET_IDS_RSP))
write("openwrt-logread.log", lines)

# mbimcli --verbose (libmbim): "Sent message..." / "Received message..."
lines = ["[26 Jul 2022, 05:24:07] [Debug] opening device..."]
for sent, b in ((True, mbim_open(1)), (False, mbim_open_done(1)), (True, mbim_qmi(False, 2, SERVING_REQ)),
                (False, mbim_qmi(True, 2, SERVING_RSP))):
    marker = "<<<<<< " if sent else ">>>>>> "
    lines += ["[26 Jul 2022, 05:24:07] [Debug] [/dev/cdc-wdm4] %s message..." % ("Sent" if sent else "Received")]
    lines += block(marker, b) + [""]
    expect("/dev/cdc-wdm4", sent, utc(2022, 7, 26, 5, 24, 7) + len(EXPECT), b)
write("mbimcli-verbose.log", lines)

# uqmi -d /dev/cdc-wdm0 --get-imei built with DEBUG_PACKET: one line per
# write, and one per message taken from the read buffer (which is dumped
# again after each message: the second frame of the first read comes back
# on the next line); a partial read, then the whole buffer
both = ALLOC_RSP + GET_IDS_RSP
lines = ["Send packet: " + spaced(ALLOC_REQ),
         "Received packet: " + spaced(ALLOC_RSP),
         "Send packet: " + spaced(GET_IDS_REQ),
         "Received packet: " + spaced(GET_IDS_RSP[:20]),
         "Received packet: " + spaced(GET_IDS_RSP),
         "Send packet: " + spaced(SERVING_REQ),
         "Received packet: " + spaced(SERVING_RSP + ALLOC_RSP),
         "Received packet: " + spaced(ALLOC_RSP)]
# no timestamps in the log: 1 us apart from 0; no device name: "uqmi"
for i, (sent, b) in enumerate(((True, ALLOC_REQ), (False, ALLOC_RSP), (True, GET_IDS_REQ), (False, GET_IDS_RSP),
                               (True, SERVING_REQ), (False, SERVING_RSP), (False, ALLOC_RSP))):
    expect("uqmi", sent, i, b)
write("uqmi.log", lines)

# every way a block can be unreadable
bad = []
bad += ["[22 Aug 2022, 13:39:11] [Debug] [/dev/cdc-wdm0] sent message...",
        "<<<<<< RAW:", "<<<<<<   length = 13", "<<<<<<   data   = 01:0C:00:00:02:01:00:FF:FF:25:00:00:0"]  # odd digits
bad += ["[22 Aug 2022, 13:39:11] [Debug] [/dev/cdc-wdm0] sent message...",
        "<<<<<< RAW:", "<<<<<<   length = 14", "<<<<<<   data   = " + colon(GET_IDS_REQ)]           # length mismatch
bad += ["[22 Aug 2022, 13:39:12] [Debug] [/dev/cdc-wdm0] received message...",
        ">>>>>> RAW:", ">>>>>>   length = 71"]                                                     # cut block
bad += ["[22 Aug 2022, 13:39:12] [Debug] [/dev/cdc-wdm0] received message...",
        ">>>>>> RAW:", ">>>>>>   length = 71", ">>>>>>   data   = " + colon(GET_IDS_RSP[:30]) + "..."]  # cut line
bad += ["[22 Aug 2022, 13:39:12] [Debug] [/dev/cdc-wdm0] sent message...",
        "<<<<<< RAW:", "<<<<<<   length = 4", "<<<<<<   data   = DE:AD:BE:EF"]                    # neither QMUX nor MBIM
bad += ["[22 Aug 2022, 13:39:13] [Debug] [/dev/cdc-wdm0] sent message...",
        "<<<<<< RAW:", "<<<<<<   length = 13", "<<<<<<   data   = 01:0D:00:00:02:01:00:FF:FF:25:00:00:00"]  # QMUX length
bad += ["[22 Aug 2022, 13:39:13] [Debug] [/dev/cdc-wdm0] sent message...",
        "<<<<<< RAW:", "<<<<<<   length = 13", "<<<<<<   data   = " + colon(GET_IDS_REQ)]           # fine
bad += ["Send packet: 01 0c 00 00 02 01 00 ff ff 25 00 0g 00"]                                     # uqmi: bad digit
bad += ["[22 Aug 2022, 13:39:14] [Debug] [/dev/cdc-wdm0] received message...", ">>>>>> RAW:"]     # cut at EOF
expect("/dev/cdc-wdm0", True, utc(2022, 8, 22, 13, 39, 13), GET_IDS_REQ)
write("malformed.log", bad)
