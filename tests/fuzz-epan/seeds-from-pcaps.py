#!/usr/bin/env python3
"""Seed corpus for fuzz-epan from the regression captures: the QRTR or QMUX
frame of every record (the PDU after the Exported PDU tags, the data after
a usbmon header, a DLT_USER record whole), one file per distinct frame.
usage: seeds-from-pcaps.py PCAP_DIR OUT_DIR"""
import hashlib, os, struct, sys

def blocks(data):
    off = 0
    while off + 12 <= len(data):
        btype, blen = struct.unpack_from("<II", data, off)
        if blen < 12 or off + blen > len(data):
            return
        yield btype, data[off + 8:off + blen - 4]
        off += blen

def frames(path):
    linktypes = []
    with open(path, "rb") as f:
        data = f.read()
    for btype, body in blocks(data):
        if btype == 1:  # interface description
            linktypes.append(struct.unpack_from("<H", body, 0)[0])
        elif btype == 6:  # enhanced packet
            iface, _, _, caplen = struct.unpack_from("<IIII", body, 0)
            pkt = body[20:20 + caplen]
            lt = linktypes[iface]
            if lt == 252:  # Exported PDU: big-endian tag, length; tag 0 ends
                off = 0
                while off + 4 <= len(pkt):
                    tag, tlen = struct.unpack_from(">HH", pkt, off)
                    off += 4 + tlen
                    if tag == 0:
                        break
                yield pkt[off:]
            elif lt == 220:
                yield pkt[64:]
            elif lt == 189:
                yield pkt[48:]
            elif 147 <= lt <= 162:
                yield pkt

def main():
    src, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    seen = set()
    for name in sorted(os.listdir(src)):
        if not name.endswith(".pcapng") or name == "qrtr-ns-flood.pcapng":
            continue
        for frame in frames(os.path.join(src, name)):
            digest = hashlib.sha1(frame).hexdigest()
            if frame and digest not in seen and len(frame) <= 65535:
                seen.add(digest)
                with open(os.path.join(out, digest), "wb") as f:
                    f.write(frame)
    print(f"{len(seen)} seeds from {src}")

main()
