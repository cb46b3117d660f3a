#!/usr/bin/env python3
"""The modem side of capture/bpf/testing/wwan-test-modem.ko, for the
real-kernel WWAN test (tests/vm/scenario-wwan.sh): relays between the test
module's /dev/wwan-test-modem and a QMUX character device, normally
qmi-fake-modem's pty. Each read() of the module is one frame a client wrote
to /dev/wwan0qmi0 (what the port's tx got); each frame of the modem, cut at
QMUX boundaries (0x01, then the 16-bit little-endian length of what follows),
is one write() to the module, which hands it to wwan_port_rx.

usage: wwan-modem-relay.py MODULE_DEVICE MODEM_DEVICE
Prints "wwan-modem-relay: relaying" on stderr once both are open; runs until
killed."""
import os, select, sys, tty

port = os.open(sys.argv[1], os.O_RDWR)
modem = os.open(sys.argv[2], os.O_RDWR | os.O_NOCTTY)
if os.isatty(modem):
    tty.setraw(modem)
print('wwan-modem-relay: relaying', file=sys.stderr, flush=True)
pending = b''
while True:
    ready, _, _ = select.select([port, modem], [], [])
    if port in ready:
        os.write(modem, os.read(port, 65536))
    if modem in ready:
        pending += os.read(modem, 65536)
        while len(pending) >= 3:
            if pending[0] != 1:  # not QMUX: what qmi-fake-modem never writes
                sys.exit('wwan-modem-relay: the modem wrote %s, not a QMUX frame' % pending[:8].hex())
            size = 1 + int.from_bytes(pending[1:3], 'little')
            if len(pending) < size:
                break
            os.write(port, pending[:size])
            pending = pending[size:]
