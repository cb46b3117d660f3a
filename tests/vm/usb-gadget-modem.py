#!/usr/bin/env python3
"""A QMI modem on USB for the real-kernel tests (tests/vm/scenario-usb.sh).

Makes a FunctionFS gadget on dummy_hcd that the real qmi_wwan driver binds,
so /dev/cdc-wdmN appears and clients go through the real cdc-wdm driver (and
usbmon sees every URB). By default it looks like a Sierra Wireless EM7455
(1199:9071), which qmi_wwan binds on interface 8 only: the function declares
interfaces 0-7 without endpoints and interface 8 (class ff/ff/ff) with
interrupt IN, bulk IN and bulk OUT endpoints.

QMUX is relayed to a QMUX character device, normally qmi-fake-modem's pty
link, which does the answering:
  - SEND_ENCAPSULATED_COMMAND (SETUP 21 00, wIndex = interface): the data
    stage is read from ep0 and written to the modem;
  - each QMUX frame the modem writes is queued and announced with a
    RESPONSE_AVAILABLE notification (a1 01 0000 <iface> 0000) on the
    interrupt endpoint;
  - GET_ENCAPSULATED_RESPONSE (SETUP a1 01) is answered with the oldest
    queued frame, or with no data when none is queued;
  - SET_CONTROL_LINE_STATE (21 22, sent by qmi_wwan for devices with the DTR
    quirk, this one included) is acknowledged; other requests are stalled.

usage: usb-gadget-modem.py --modem PATH [--vid 0x1199] [--pid 0x9071] [--ifnum 8]
Needs root, configfs at /sys/kernel/config, libcomposite, usb_f_fs and a UDC
(dummy_hcd). Prints "usb-gadget-modem: bound to UDC" on stderr once bound;
SIGTERM or SIGINT unbinds and removes the gadget.
"""
import argparse
import collections
import os
import queue
import select
import signal
import struct
import sys
import threading
import time
import tty

CONFIGFS = '/sys/kernel/config/usb_gadget'

# FunctionFS (include/uapi/linux/usb/functionfs.h)
DESCRIPTORS_MAGIC_V2 = 3
STRINGS_MAGIC = 2
HAS_FS_DESC, HAS_HS_DESC = 1, 2
BIND, UNBIND, ENABLE, DISABLE, SETUP, SUSPEND, RESUME = range(7)
EVENT_NAMES = ['BIND', 'UNBIND', 'ENABLE', 'DISABLE', 'SETUP', 'SUSPEND', 'RESUME']
EVENT = struct.Struct('<BBHHHB3x')  # usb_ctrlrequest, type, padding: 12 bytes

verbose = False


def log(msg):
    print('usb-gadget-modem: ' + msg, file=sys.stderr, flush=True)


def debug(msg):
    if verbose:
        log(msg)


def put(path, text):
    with open(path, 'w') as f:
        f.write(text)


def descriptors(ifnum):
    """FunctionFS v2 descriptors: full and high speed."""
    def intf(n, neps):
        return struct.pack('<9B', 9, 4, n, 0, neps, 0xff, 0xff, 0xff, 0)

    def ep(addr, attributes, mps, interval):
        return struct.pack('<BBBBHB', 7, 5, addr, attributes, mps, interval)

    def one_speed(bulk_mps, int_interval):
        d = b''.join(intf(n, 0) for n in range(ifnum))
        d += intf(ifnum, 3)
        d += ep(0x81, 3, 64, int_interval)  # ep1: interrupt IN (notifications)
        d += ep(0x82, 2, bulk_mps, 0)       # ep2: bulk IN (network data, unused)
        d += ep(0x03, 2, bulk_mps, 0)       # ep3: bulk OUT (network data, unused)
        return d, ifnum + 4

    fs, fs_count = one_speed(64, 1)    # 1 ms
    hs, hs_count = one_speed(512, 4)   # 2^(4-1) microframes = 1 ms
    body = struct.pack('<II', fs_count, hs_count) + fs + hs
    return struct.pack('<III', DESCRIPTORS_MAGIC_V2, 12 + len(body), HAS_FS_DESC | HAS_HS_DESC) + body


class Gadget:
    def __init__(self, args):
        self.args = args
        self.name = 'qmi%d' % os.getpid()
        self.gdir = os.path.join(CONFIGFS, self.name)
        self.fdir = os.path.join(self.gdir, 'functions', 'ffs.' + self.name)
        self.mnt = '/dev/ffs-' + self.name
        self.ep0 = None
        self.modem = None
        self.lock = threading.Lock()
        self.pending = collections.deque()  # frames waiting for GET_ENCAPSULATED_RESPONSE
        self.notify = queue.Queue()         # one item per RESPONSE_AVAILABLE to send
        self.enabled = threading.Event()
        self.made = []                      # what to undo, newest last
        self.bound = False
        self.stopping = False

    # configfs + functionfs
    def create(self):
        a = self.args
        if not os.path.isdir(CONFIGFS):
            raise SystemExit('usb-gadget-modem: %s missing (configfs mounted? libcomposite loaded?)' % CONFIGFS)
        udcs = sorted(os.listdir('/sys/class/udc')) if os.path.isdir('/sys/class/udc') else []
        if not udcs:
            raise SystemExit('usb-gadget-modem: no UDC in /sys/class/udc (dummy_hcd loaded?)')
        self.udc = a.udc or udcs[0]
        os.mkdir(self.gdir)
        self.made.append(('rmdir', self.gdir))
        put(os.path.join(self.gdir, 'idVendor'), '0x%04x' % a.vid)
        put(os.path.join(self.gdir, 'idProduct'), '0x%04x' % a.pid)
        put(os.path.join(self.gdir, 'bcdDevice'), '0x0006')
        put(os.path.join(self.gdir, 'bcdUSB'), '0x0200')
        sdir = os.path.join(self.gdir, 'strings', '0x409')
        os.mkdir(sdir)
        self.made.append(('rmdir', sdir))
        put(os.path.join(sdir, 'manufacturer'), a.manufacturer)
        put(os.path.join(sdir, 'product'), a.product)
        put(os.path.join(sdir, 'serialnumber'), 'LQ0000000000000')
        cdir = os.path.join(self.gdir, 'configs', 'c.1')
        os.mkdir(cdir)
        self.made.append(('rmdir', cdir))
        put(os.path.join(cdir, 'MaxPower'), '500')
        os.mkdir(self.fdir)
        self.made.append(('rmdir', self.fdir))
        link = os.path.join(cdir, 'ffs.' + self.name)
        os.symlink(self.fdir, link)
        self.made.append(('unlink', link))
        os.makedirs(self.mnt, exist_ok=True)
        self.made.append(('rmdir', self.mnt))
        if os.system('mount -t functionfs %s %s' % (self.name, self.mnt)) != 0:
            raise SystemExit('usb-gadget-modem: mount -t functionfs failed (usb_f_fs loaded?)')
        self.made.append(('umount', self.mnt))
        self.ep0 = os.open(os.path.join(self.mnt, 'ep0'), os.O_RDWR)
        os.write(self.ep0, descriptors(a.ifnum))
        os.write(self.ep0, struct.pack('<IIII', STRINGS_MAGIC, 16, 0, 0))
        put(os.path.join(self.gdir, 'UDC'), self.udc)
        self.bound = True
        log('bound to %s: %04x:%04x, QMI on interface %d' % (self.udc, a.vid, a.pid, a.ifnum))

    def destroy(self):
        self.stopping = True
        if self.bound:
            try:
                put(os.path.join(self.gdir, 'UDC'), '\n')
            except OSError as e:
                log('unbind: %s' % e)
            self.bound = False
        self.enabled.clear()
        for fd in (self.ep0, self.modem):
            if fd is not None:
                try:
                    os.close(fd)
                except OSError:
                    pass
        self.ep0 = self.modem = None
        for what, path in reversed(self.made):
            try:
                if what == 'rmdir':
                    os.rmdir(path)
                elif what == 'unlink':
                    os.unlink(path)
                elif what == 'umount':
                    os.system('umount %s 2>/dev/null || umount -l %s' % (path, path))
            except OSError as e:
                log('cleanup %s %s: %s' % (what, path, e))
        self.made = []

    # the modem side
    def open_modem(self):
        deadline = time.monotonic() + 30
        while not os.path.exists(self.args.modem):
            if time.monotonic() > deadline:
                raise SystemExit('usb-gadget-modem: %s never appeared' % self.args.modem)
            time.sleep(0.1)
        self.modem = os.open(self.args.modem, os.O_RDWR | os.O_NOCTTY)
        if os.isatty(self.modem):
            tty.setraw(self.modem)

    def modem_reader(self):
        buf = b''
        while True:
            try:
                data = os.read(self.modem, 65536)
            except OSError as e:
                if not self.stopping:
                    log('modem read: %s' % e)
                return
            if not data:
                log('modem closed its side')
                return
            buf += data
            while len(buf) >= 3:
                if buf[0] != 0x01:
                    log('dropping a byte 0x%02x that starts no QMUX frame' % buf[0])
                    buf = buf[1:]
                    continue
                n = 1 + (buf[1] | buf[2] << 8)
                if len(buf) < n:
                    break
                frame, buf = buf[:n], buf[n:]
                with self.lock:
                    self.pending.append(frame)
                self.notify.put(1)
                debug('modem -> host: %d bytes queued' % len(frame))

    def notifier(self):
        note = struct.pack('<BBHHH', 0xa1, 0x01, 0, self.args.ifnum, 0)
        fd = None
        while True:
            self.notify.get()
            while True:
                self.enabled.wait()
                try:
                    if fd is None:
                        fd = os.open(os.path.join(self.mnt, 'ep1'), os.O_RDWR)
                    os.write(fd, note)  # waits for the host's interrupt URB
                    debug('RESPONSE_AVAILABLE sent')
                    break
                except OSError as e:
                    log('notification: %s' % e)
                    if fd is not None:
                        os.close(fd)
                        fd = None
                    time.sleep(0.1)

    # ep0 events
    def on_setup(self, rtype, req, value, index, length):
        if rtype == 0x21 and req == 0x00:  # SEND_ENCAPSULATED_COMMAND
            data = os.read(self.ep0, length)
            debug('host -> modem: %d bytes (interface %d)' % (len(data), index))
            os.write(self.modem, data)
        elif rtype == 0xa1 and req == 0x01:  # GET_ENCAPSULATED_RESPONSE
            with self.lock:
                frame = self.pending.popleft() if self.pending else b''
            if len(frame) > length:
                log('a %d-byte frame does not fit wLength %d: cut' % (len(frame), length))
                frame = frame[:length]
            os.write(self.ep0, frame)
            debug('GET_ENCAPSULATED_RESPONSE: %d bytes' % len(frame))
        elif rtype == 0x21 and req == 0x22:  # SET_CONTROL_LINE_STATE
            os.read(self.ep0, 0)
            debug('SET_CONTROL_LINE_STATE 0x%04x' % value)
        else:
            log('stalling request %02x %02x %04x %04x %04x' % (rtype, req, value, index, length))
            try:
                if rtype & 0x80:
                    os.read(self.ep0, 0)
                else:
                    os.write(self.ep0, b'')
            except OSError:
                pass  # the stall is reported as an error

    def serve(self):
        while True:
            r, _, _ = select.select([self.ep0], [], [], 0.5)
            if not r:
                continue
            data = os.read(self.ep0, EVENT.size * 8)
            for off in range(0, len(data) - EVENT.size + 1, EVENT.size):
                rtype, req, value, index, length, kind = EVENT.unpack_from(data, off)
                debug('event %s' % (EVENT_NAMES[kind] if kind < len(EVENT_NAMES) else kind))
                if kind == ENABLE:
                    self.enabled.set()
                elif kind in (DISABLE, UNBIND, SUSPEND):
                    self.enabled.clear()
                elif kind == RESUME:
                    self.enabled.set()
                elif kind == SETUP:
                    try:
                        self.on_setup(rtype, req, value, index, length)
                    except OSError as e:
                        log('request %02x %02x: %s' % (rtype, req, e))


def main():
    global verbose
    p = argparse.ArgumentParser(description='A QMI modem on a dummy_hcd USB gadget, answered by a QMUX device')
    p.add_argument('--modem', required=True, help='QMUX device to relay to (qmi-fake-modem --link PATH)')
    p.add_argument('--vid', type=lambda s: int(s, 0), default=0x1199)
    p.add_argument('--pid', type=lambda s: int(s, 0), default=0x9071)
    p.add_argument('--ifnum', type=int, default=8, help='the QMI interface number (default 8)')
    p.add_argument('--manufacturer', default='Sierra Wireless, Incorporated')
    p.add_argument('--product', default='EM7455')
    p.add_argument('--udc', help='UDC to bind (default: the first in /sys/class/udc)')
    p.add_argument('-v', '--verbose', action='store_true')
    args = p.parse_args()
    verbose = args.verbose

    def stop(signum, frame):
        raise SystemExit(0)
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    g = Gadget(args)
    try:
        g.open_modem()
        g.create()
        threading.Thread(target=g.modem_reader, daemon=True).start()
        threading.Thread(target=g.notifier, daemon=True).start()
        g.serve()
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        g.destroy()
        log('gadget removed')


if __name__ == '__main__':
    main()
