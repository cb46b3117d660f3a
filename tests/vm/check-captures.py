#!/usr/bin/env python3
"""The checks on the VM scenarios' QMUX captures (scenario-usb.sh,
scenario-wwan.sh), run in the guest: conversations against qmicli's output,
usbmon records themselves, one capture against another.

usage: check-captures.py conv DECODED_JSON IMEI SVC.MSG=QMICLI_OUTPUT...
       check-captures.py usbmon PCAPNG BUS DEV IFNUM
       check-captures.py counts PCAPNG BUS DEV LEAST
       check-captures.py same DECODED_JSON_A DECODED_JSON_B [SKIP_A]
       check-captures.py linktype PCAPNG LINKTYPE
Prints what it found; exit 1 with the first difference."""
import json, re, struct, sys

def fail(msg):
    print('  ' + msg)
    sys.exit(1)

def load(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]

def conv(decoded, imei, *runs):
    """runs: svc.msg=QMICLI_OUTPUT, in the order qmicli ran them."""
    msgs = load(decoded)
    expected = []
    for r in runs:
        svc, msg = r.split('=')[0].split('.')
        expected += [('out', 'ctl', 'request', 'allocate_cid'), ('in', 'ctl', 'response', 'allocate_cid'),
                     ('out', svc, 'request', msg), ('in', svc, 'response', msg),
                     ('out', 'ctl', 'request', 'release_cid'), ('in', 'ctl', 'response', 'release_cid')]
    got = [(m.get('direction'), m.get('service'), m.get('kind'), m.get('message')) for m in msgs]
    if got != expected:
        for i in range(max(len(got), len(expected))):
            g = got[i] if i < len(got) else None
            e = expected[i] if i < len(expected) else None
            if g != e:
                fail('message %d: got %s, expected %s (%d decoded, %d expected)' % (i + 1, g, e, len(got), len(expected)))
    for i in range(0, len(msgs), 2):
        q, a = msgs[i], msgs[i + 1]
        if q['txn'] != a['txn'] or q['qmux']['client_id'] != a['qmux']['client_id']:
            fail('messages %d and %d do not pair up (txn, client id)' % (i + 1, i + 2))
        if a['result']['status'] != 'success':
            fail('message %d: result %s' % (i + 2, a['result']))
    for i, m in enumerate(msgs):
        if m.get('problems'):
            fail('message %d: decoding problems %s' % (i + 1, m['problems']))
    for r in runs:
        key, out = r.split('=')
        svc, msg = key.split('.')
        tlvs = next(m['tlvs'] for m in msgs if (m['service'], m['kind'], m['message']) == (svc, 'response', msg))
        text = open(out).read()
        labels = {'get_ids': [('IMEI', 'imei'), ('ESN', 'esn'), ('MEID', 'meid')],
                  'get_manufacturer': [('Manufacturer', 'manufacturer')]}[msg]
        for label, field in labels:
            p = re.search(r"\b%s: '([^']*)'" % label, text)
            if not p or p.group(1) != tlvs.get(field):
                fail('%s %s: qmicli printed %r, the capture has %r' % (key, field, p and p.group(1), tlvs.get(field)))
        if msg == 'get_ids' and tlvs.get('imei') != imei:
            fail('IMEI %r is not the canned %s' % (tlvs.get('imei'), imei))
    print('  %d messages in order with directions, paired, values as qmicli printed them' % len(msgs))

def blocks(path):
    data = open(path, 'rb').read()
    if data[:4] != b'\x0a\x0d\x0d\x0a' or data[8:12] != b'\x4d\x3c\x2b\x1a':
        fail('%s: not a little-endian pcapng file' % path)
    off = 0
    while off < len(data):
        kind, length = struct.unpack_from('<II', data, off)
        if length < 12 or off + length > len(data):
            fail('%s: block at %d cut short' % (path, off))
        yield kind, data[off + 8:off + length - 4]
        off += length

def usbmon_records(path):
    """(linktypes, records): records are the usbmon bytes of every packet."""
    links, recs = [], []
    for kind, body in blocks(path):
        if kind == 1:
            links.append(struct.unpack_from('<H', body)[0])
        elif kind == 6:
            ifid, _, _, caplen = struct.unpack_from('<IIII', body)
            recs.append((ifid, body[20:20 + caplen]))
    return links, recs

def usbmon(path, bus, dev, ifnum):
    """Linktype 220 only, every record of BUS:DEV, the synthesised device
    descriptor first, QMUX in control transfers to interface IFNUM."""
    bus, dev, ifnum = int(bus), int(dev), int(ifnum)
    links, recs = usbmon_records(path)
    if links != [220]:
        fail('interfaces have link types %s, expected one 220 (usbmon, mmapped)' % links)
    if len(recs) < 20:
        fail('only %d records' % len(recs))
    heads = []
    for ifid, r in recs:
        if ifid != 0 or len(r) < 64:
            fail('a record of interface %d, %d bytes' % (ifid, len(r)))
        typ, xfer, ep, devnum, busnum = struct.unpack_from('<BBBBH', r, 8)
        if (busnum, devnum) != (bus, dev):
            fail('a record of bus %d device %d: the tap keeps only %d:%d' % (busnum, devnum, bus, dev))
        setup = r[40:48]
        heads.append((chr(typ), xfer, ep, setup, r[64:]))
    t, x, ep, setup, _ = heads[0]
    if (t, x, ep, setup) != ('S', 2, 0x80, bytes.fromhex('8006000100001200')):
        fail('first record is not a GET_DESCRIPTOR(device) submit: %s' % (heads[0][:4],))
    t, x, ep, _, d = heads[1]
    if t != 'C' or len(d) != 18 or d[:2] != b'\x12\x01' or struct.unpack_from('<HH', d, 8) != (0x1199, 0x9071):
        fail('second record is not the device descriptor of 1199:9071: %s %s' % (t, d.hex()))
    sends = [h for h in heads if h[0] == 'S' and h[1] == 2 and h[3][:2] == b'\x21\x00']
    gets = [h for h in heads if h[0] == 'S' and h[1] == 2 and h[3][:2] == b'\xa1\x01']
    notes = [h for h in heads if h[0] == 'C' and h[1] == 1 and h[4][:2] == b'\xa1\x01']
    for h in sends + gets:
        if struct.unpack_from('<H', h[3], 4)[0] != ifnum:
            fail('a QMUX control request to interface %d, not %d' % (struct.unpack_from('<H', h[3], 4)[0], ifnum))
    for h in notes:
        if h[4] != struct.pack('<BBHHH', 0xa1, 1, 0, ifnum, 0):
            fail('notification %s is not RESPONSE_AVAILABLE for interface %d' % (h[4].hex(), ifnum))
    if not sends or any(h[4][:1] != b'\x01' for h in sends):
        fail('SEND_ENCAPSULATED_COMMAND submits without a QMUX frame')
    print('  %d usbmon records of %d:%d, link type 220; %d SEND_ENCAPSULATED_COMMAND, '
          '%d GET_ENCAPSULATED_RESPONSE, %d RESPONSE_AVAILABLE to interface %d'
          % (len(recs), bus, dev, len(sends), len(gets), len(notes), ifnum))
    return len(sends)

def counts(path, bus, dev, least):
    """At least LEAST records of BUS:DEV: the other device's traffic was there."""
    n = sum(1 for _, r in usbmon_records(path)[1] if struct.unpack_from('<BH', r, 11) == (int(dev), int(bus)))
    if n < int(least):
        fail('%d records of %s:%s, expected at least %s' % (n, bus, dev, least))
    print('  %d records of %s:%s' % (n, bus, dev))

def same(a, b, skip_a=0):
    """The same QMUX frames (header, TLVs, direction) in both decodes (after
    the first SKIP_A messages of A)."""
    key = lambda m: (m['direction'], json.dumps(m['qmux'], sort_keys=True), m['txn'], m['msg_id'],
                     json.dumps(m['raw_tlvs'], sort_keys=True))
    x, y = [key(m) for m in load(a)][int(skip_a):], [key(m) for m in load(b)]
    if x != y:
        fail('%d and %d messages; first difference: %s' % (len(x), len(y),
             next(((p, q) for p, q in zip(x, y) if p != q), 'lengths')))
    print('  %d messages byte for byte alike' % len(x))

def linktype(path, want):
    links = usbmon_records(path)[0]
    if any(l != int(want) for l in links) or not links:
        fail('link types %s, expected %s' % (links, want))

{'conv': conv, 'usbmon': usbmon, 'counts': counts, 'same': same, 'linktype': linktype}[sys.argv[1]](*sys.argv[2:])
