#!/usr/bin/env python3
"""A QMI client for the bridge benchmark: opens a QMUX port (pty link),
sends a CTL Sync request and counts the frames that come back.
  flood PORT N      wait for the response and N indications; prints messages/s
  slow PORT N       the same, but reads nothing for the first 2 s (a client that falls behind)
  latency PORT M    M CTL Sync round trips one after another; prints the mean in microseconds
Exits 1 if frames are missing after 60 s (loss)."""
import os, select, struct, sys, time, tty

def sync_request(txn):
    # QMUX (if_type, length, flags, service 0, client 0) + CTL header + no TLVs
    sdu = struct.pack("<BBHH", 0x00, txn & 0xff, 0x0027, 0)
    return struct.pack("<BHBBB", 0x01, 5 + len(sdu), 0x00, 0x00, 0x00) + sdu

def frames(fd, want, deadline):
    buf, got = b"", 0
    while got < want:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            break
        buf += os.read(fd, 1 << 20)
        off = 0
        while len(buf) - off >= 3:
            n = buf[off + 1] | buf[off + 2] << 8
            if len(buf) - off < n + 1:
                break
            off += n + 1
            got += 1
        buf = buf[off:]
    return got

def main():
    mode, port, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    fd = os.open(port, os.O_RDWR | os.O_NOCTTY)
    tty.setraw(fd)
    if mode in ("flood", "slow"):
        t0 = time.monotonic()
        os.write(fd, sync_request(1))
        if mode == "slow":
            time.sleep(2)
        got = frames(fd, n + 1, t0 + 60)
        dt = time.monotonic() - t0
        print(f"{got - 1} {dt:.3f} {(got - 1) / dt:.0f}")
        sys.exit(0 if got == n + 1 else 1)
    total = 0.0
    for i in range(n):
        t0 = time.monotonic()
        os.write(fd, sync_request(i + 1))
        if frames(fd, 1, t0 + 10) != 1:
            sys.exit(1)
        total += time.monotonic() - t0
    print(f"{total / n * 1e6:.0f}")

main()
