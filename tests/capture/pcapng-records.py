#!/usr/bin/env python3
"""Prints the records of a little-endian pcapng file, one per line:
interface name, direction (EPB flags: in/out/-), timestamp in microseconds,
Exported PDU dissector name ("-" for other link types) and the PDU in hex;
then the section comments, prefixed "# ". Independent of qrtr-capture's own
reader, so the import and redaction tests check the files it writes."""
import struct
import sys

def options(body):
    out, off = [], 0
    while off + 4 <= len(body):
        code, length = struct.unpack_from("<HH", body, off)
        if code == 0:
            break
        out.append((code, body[off + 4:off + 4 + length]))
        off += 4 + ((length + 3) & ~3)
    return out

def main(path):
    data = open(path, "rb").read()
    off, ifaces = 0, []
    while off < len(data):
        btype, blen = struct.unpack_from("<II", data, off)
        body = data[off + 8:off + blen - 4]
        if btype == 0x0A0D0D0A:
            ifaces = []
            for code, value in options(body[16:]):
                if code == 1:
                    print("# " + value.decode())
        elif btype == 1:
            linktype, = struct.unpack_from("<H", body, 0)
            name = "-"
            for code, value in options(body[8:]):
                if code == 2:
                    name = value.decode()
            ifaces.append((linktype, name))
        elif btype == 6:
            if_id, hi, lo, caplen, _ = struct.unpack_from("<IIIII", body, 0)
            pkt = body[20:20 + caplen]
            direction = "-"
            for code, value in options(body[20 + ((caplen + 3) & ~3):]):
                if code == 2:
                    direction = {1: "in", 2: "out"}.get(struct.unpack("<I", value)[0] & 3, "-")
            linktype, name = ifaces[if_id]
            dissector = "-"
            if linktype == 252:
                t = 0
                while t + 4 <= len(pkt):
                    tag, tlen = struct.unpack_from(">HH", pkt, t)
                    if tag == 12:
                        dissector = pkt[t + 4:t + 4 + tlen].rstrip(b"\0").decode()
                    t += 4 + tlen
                    if tag == 0:
                        break
                pkt = pkt[t:]
            print("%s\t%s\t%d\t%s\t%s" % (name, direction, hi << 32 | lo, dissector, pkt.hex()))
        off += blen

main(sys.argv[1])
