#!/usr/bin/env python3
"""The judging half of the libqmi differential test.

Reads the JSON lines of libqmi-samples (one sample frame each: what the
project's walker decoded per TLV, and libqmi's printable text of the same
frame), parses libqmi's text, and compares the two per TLV at the level of
values: numbers as numbers, enum and flag names as names (flags as sets),
text as text, byte data as byte values whether a side shows it as bytes or as
an array of numbers. Each TLV of each frame is classified:

  agree        both decode it, every value the same
  older        both decode it, and every difference is a value libqmi 1.32
               predates (a reviewed line of category "older"): set aside
  differ       both decode it, some other value or the number of values differs
  ours only    libqmi shows the TLV undecoded (a TLV libqmi 1.32 does not have)
  libqmi only  our walker reports a problem, libqmi decodes it

Prints a report per service, each reviewed line of the known-differences
file with the TLV samples it explains, then every difference no line
explains (NEW, with an example). Fails (exit 1) when agree / (compared -
older) drops below the target, when a difference matches no line, when a line
matches nothing any more (STALE), or when our walker reports a problem on a
TLV libqmi decodes for any reason but UTF-8 text in an ASCII field.
"""

import argparse
import fnmatch
import json
import re
import sys
from collections import OrderedDict, defaultdict

TARGET = 99.5  # percent of the TLVs both sides decode

# ---------------------------------------------------------------- libqmi's text

TLV_TYPE = re.compile(r'^\s*type\s+=\s+(?:"(?P<name>[^"]*)"\s+)?\((?P<id>0x[0-9a-fA-F]+)\)\s*$|^\s*type\s+=\s+(?P<bare>0x[0-9a-fA-F]+)\s*$')
MESSAGE = re.compile(r'^\s*message\s+=\s+(?:"(?P<name>[^"]*)"\s+)?\((?P<id>0x[0-9a-fA-F]+)\)')
ATOM_END = re.compile(r"'(?=\s*(?:\]|\}|$|[A-Za-z_][A-Za-z0-9_]* = |\[\d+\] = ))")


def parse_printable(text):
    """(message name or None, {tlv id: (tlv name, translated text or None)})."""
    message = None
    tlvs = OrderedDict()
    current = None
    for line in text.split('\n'):
        m = MESSAGE.match(line)
        if m and current is None:
            message = m.group('name')
            continue
        if line.startswith('TLV:'):
            current = None
            continue
        m = TLV_TYPE.match(line)
        if m:
            tid = int(m.group('id') or m.group('bare'), 16)
            current = tid
            tlvs[tid] = [m.group('name'), None]
            continue
        if current is not None and line.lstrip().startswith('translated = '):
            tlvs[current][1] = line.split('translated = ', 1)[1]
    return message, tlvs


class Cursor:
    def __init__(self, text):
        self.t = text
        self.p = 0

    def skip(self):
        while self.p < len(self.t) and self.t[self.p] == ' ':
            self.p += 1

    def peek(self, s):
        return self.t.startswith(s, self.p)


def parse_group(c, close):
    """A libqmi struct '[ a = 'x' ... ]' or array '{ [0] = 'x' ... }': the
    flat list of its atoms, in order."""
    atoms = []
    while True:
        c.skip()
        if c.p >= len(c.t):
            raise ValueError('unterminated group')
        if c.t[c.p] == close:
            c.p += 1
            return atoms
        m = re.compile(r'(?:[A-Za-z_][A-Za-z0-9_]*|\[\d+\]) = ').match(c.t, c.p)
        if not m:
            raise ValueError('expected a member at %r' % c.t[c.p:c.p + 30])
        c.p = m.end()
        if not c.peek("'"):
            raise ValueError('expected a quote')
        c.p += 1
        m = re.compile(r'\[\[Seq:(\d+)\]\] *').match(c.t, c.p)
        if m:  # an array with a sequence number before its elements
            atoms.append(m.group(1))
            c.p = m.end()
        if c.peek('[ ') or c.peek('{ ') or c.peek('{}') or c.peek('[]'):
            atoms.extend(parse_value(c))
            c.skip()
            if not c.peek("'"):
                raise ValueError('expected a closing quote after a group')
            c.p += 1
        else:
            m = ATOM_END.search(c.t, c.p)
            if not m:
                raise ValueError('unterminated value')
            atoms.append(c.t[c.p:m.start()].strip())
            c.p = m.end()


def parse_value(c):
    c.skip()
    if c.peek('[ ') or c.peek('[]'):
        c.p += 1
        return parse_group(c, ']')
    if c.peek('{ ') or c.peek('{}'):
        c.p += 1
        return parse_group(c, '}')
    atom = c.t[c.p:].strip()
    c.p = len(c.t)
    return [atom]


def libqmi_atoms(translated):
    return parse_value(Cursor(translated))


# ---------------------------------------------------------------- comparing

def norm_name(s):
    return re.sub(r'[\s_\-]+', '-', s.strip().lower()).strip('-')


def as_int(s):
    s = s.strip()
    try:
        return int(s, 0)
    except ValueError:
        pass
    try:
        return int(s)
    except ValueError:
        return None


HEX_BYTES = re.compile(r'^[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2})*$')


class Mismatch(Exception):
    pass


TEXT_AS_BYTES = [0]  # text values libqmi shows only as bytes (compared as bytes)


def leaf_text(leaf):
    path, kind, value, names, hint = leaf[:5]
    if names is not None:
        return '%s (%s)' % (', '.join(x.strip() for x in re.split(r'[|,]', names) if x.strip()), value)
    return str(value)


def match_leaf(leaf, atoms, i):
    """Compares our leaf with libqmi's atoms from index i; returns the index
    after what it consumed, or raises Mismatch(our text, libqmi's text)."""
    path, kind, value, names, hint = leaf[:5]
    if hint == 'length':
        return i  # the walker holds it to the bytes that follow; libqmi does not show it
    if i >= len(atoms):
        raise Mismatch(leaf_text(leaf), '(nothing)')
    a = atoms[i]
    if kind == 'x':
        data = bytes.fromhex(value)
        if HEX_BYTES.match(a) and bytes.fromhex(a.replace(':', '')) == data:
            return i + 1
        nums = atoms[i:i + len(data)]
        if len(nums) == len(data) and all(as_int(n) is not None for n in nums) and \
                bytes((as_int(n) & 0xff) for n in nums) == data and all(0 <= as_int(n) <= 255 for n in nums):
            return i + len(data)
        if not data and a == '':
            return i + 1
        # 16-bit units (libqmi shows IPv6 addresses as eight big-endian guint16)
        units = atoms[i:i + len(data) // 2]
        if data and len(data) % 2 == 0 and len(units) == len(data) // 2 and \
                all(as_int(n) is not None and 0 <= as_int(n) <= 0xffff for n in units):
            words = [as_int(n) for n in units]
            if words in ([data[k] << 8 | data[k + 1] for k in range(0, len(data), 2)],
                         [data[k] | data[k + 1] << 8 for k in range(0, len(data), 2)]):
                return i + len(units)
        shown = ' '.join(atoms[i:i + max(len(data), 1)])
        raise Mismatch('bytes %s' % (value or '(none)'), shown)
    if kind == 's':
        if a == value.strip() or a == value:
            return i + 1
        if hint == 'ucs2':
            # libqmi 1.32 shows UTF-16 text as an array of 16-bit units
            units = value.encode('utf-16-le')
            units = [units[k] | units[k + 1] << 8 for k in range(0, len(units), 2)]
            nums = atoms[i:i + len(units)]
            if [as_int(n) for n in nums] == units:
                return i + len(units)
        raw = bytes.fromhex(leaf[5]) if len(leaf) > 5 else b''
        nums = atoms[i:i + len(raw)]
        if raw and len(nums) == len(raw) and [as_int(n) for n in nums] == list(raw):
            # libqmi 1.32 shows this text as its bytes (names with a coding
            # scheme, USS data): the bytes agree, the decoding is ours alone
            TEXT_AS_BYTES[0] += 1
            return i + len(raw)
        raise Mismatch(repr(value), repr(a))
    if kind == 'b':
        truth = {'yes': 1, 'no': 0, 'true': 1, 'false': 0}.get(a.lower(), as_int(a))
        if truth is not None and bool(truth) == bool(value):
            return i + 1
        raise Mismatch(str(value), a)
    if kind == 'f':
        try:
            if abs(float(a) - float(value)) <= 1e-4 * max(1.0, abs(float(value))):
                return i + 1
        except ValueError:
            pass
        raise Mismatch(str(value), a)
    if kind in ('u', 'i'):
        if kind == 'u' and value < 0:
            value += 1 << 64
        n = as_int(a)
        if names is not None:
            ours = [norm_name(x) for x in re.split(r'[|,]', names) if x.strip()]
            theirs = [norm_name(x) for x in a.split(',') if x.strip()]
            if sorted(ours) == sorted(theirs):
                return i + 1
            # a value that is exactly one named mask: libqmi prints that name only
            if hint.startswith('exact=') and theirs == [norm_name(hint[6:])]:
                return i + 1
        if n is not None and (n == value or (kind == 'u' and n < 0 and n + (1 << 64) == value)
                              or (kind == 'i' and n >= 0 and value < 0 and n - (1 << 64) == value)):
            return i + 1
        raise Mismatch(leaf_text(leaf), a if a else "''")
    raise Mismatch(leaf_text(leaf), a)


def compare_tlv(ours, translated, is_result):
    """The differences, [(path, our value, libqmi's value)]; empty when equal."""
    leaves = ours['leaves']
    if is_result:
        status = leaves[0][3] if leaves and leaves[0][3] else str(leaves[0][2]) if leaves else '?'
        error = leaves[1][3] if len(leaves) > 1 and leaves[1][3] else str(leaves[1][2]) if len(leaves) > 1 else '?'
        t = translated.strip()
        if t == 'SUCCESS':
            return [] if norm_name(status) == 'success' else [('status', status, t)]
        m = re.match(r'FAILURE: (.*)$', t)
        if m and norm_name(status) == 'failure' and norm_name(m.group(1)) == norm_name(error):
            return []
        return [('', '%s: %s' % (status, error), t)]
    try:
        atoms = libqmi_atoms(translated)
    except ValueError as e:
        return [('', ' '.join(leaf_text(x) for x in leaves), 'unparsable (%s): %s' % (e, translated[:120]))]
    i = 0
    found = []
    for leaf in leaves:
        try:
            i = match_leaf(leaf, atoms, i)
        except Mismatch as m:
            found.append((leaf[0], m.args[0], m.args[1]))
            i += 1  # go on with the next value: one difference need not hide others
    if i < len(atoms) and not (not leaves and atoms == ['']):
        found.append(('(after %s)' % (leaves[-1][0] if leaves else 'nothing'), '(nothing)', ' '.join(atoms[i:i + 4])))
    return found


# ---------------------------------------------------------------- known differences

def load_known(path):
    """Lines 'WHERE | OURS | LIBQMI | reason': WHERE is
    service.message/kind/tlv/field-path (array indices written [*]), OURS and
    LIBQMI the two values as the report prints them; globs (* ?) allowed in
    each of the three."""
    known = []
    with open(path, encoding='utf-8') as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip('\n')
            if not line.strip() or line.lstrip().startswith('#'):
                continue
            parts = [x.strip() for x in line.split(' | ', 3)]
            if len(parts) != 4 or parts[0].count('/') < 2 or not parts[3]:
                sys.exit('%s:%d: expected "service.message/kind/tlv/field | ours | libqmi | reason"' % (path, n))
            known.append({'where': parts[0], 'ours': parts[1], 'libqmi': parts[2], 'reason': parts[3],
                          'line': n, 'hits': 0})
    return known


def find_known(known, where, ours, theirs):
    for k in known:
        if fnmatch.fnmatchcase(where, k['where']) and fnmatch.fnmatchcase(ours, k['ours']) and \
                fnmatch.fnmatchcase(theirs, k['libqmi']):
            k['hits'] += 1
            return k
    return None


# ---------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('samples', help='JSON lines written by libqmi-samples')
    ap.add_argument('--known', required=True, help='the reviewed list of known differences')
    ap.add_argument('--dump', help='write every difference as JSON lines [where, ours, libqmi] to this file')
    args = ap.parse_args()

    known = load_known(args.known)
    per_service = defaultdict(lambda: {'messages': set(), 'libqmi_lacks': set(), 'compared': 0, 'agree': 0,
                                       'older': 0, 'known': 0, 'new': 0, 'ours_only': 0,
                                       'libqmi_only': 0})
    new = OrderedDict()  # where -> {count, example}: differences no reviewed line explains
    dump = []
    utf8_in_ascii = defaultdict(int)  # service -> TLVs
    ours_only = set()  # TLVs libqmi shows undecoded
    unexpected = OrderedDict()  # where -> [count, our problems, libqmi's value]
    frames = 0
    with open(args.samples, encoding='utf-8') as f:
        for line in f:
            d = json.loads(line)
            frames += 1
            svc = per_service[d['service']]
            label = '%s.%s/%s' % (d['service'], d['message'], d['kind'])
            if not d['libqmi']:
                svc['libqmi_lacks'].add(label)
                continue
            message, theirs = parse_printable(d['libqmi'])
            if message is None:
                svc['libqmi_lacks'].add(label)
                continue
            svc['messages'].add(label)
            for t in d['tlvs']:
                tid = t['id']
                their_name, translated = theirs.get(tid, (None, None))
                if translated is None:
                    svc['ours_only'] += 1
                    ours_only.add('%s/%s' % (label, t['name']))
                    continue
                if t['problems']:
                    # our walker reports a problem and libqmi decodes it: only
                    # text beyond ASCII in an ASCII field is expected (libqmi
                    # prints such bytes as they are, as UTF-8)
                    svc['libqmi_only'] += 1
                    if all(re.search(r': invalid ASCII$', p) for p in t['problems'].split('; ')):
                        utf8_in_ascii[d['service']] += 1
                    else:
                        entry = unexpected.setdefault('%s/%s' % (label, t['name']), [0, t['problems'], translated])
                        entry[0] += 1
                    continue
                svc['compared'] += 1
                found = compare_tlv(t, translated, tid == 2 and d['kind'] == 'response')
                if not found:
                    svc['agree'] += 1
                    continue
                worst = 'older'
                for path, our_value, libqmi_value in found:
                    where = '%s/%s/%s' % (label, t['name'], re.sub(r'\[\d+\]', '[*]', path))
                    if args.dump:
                        dump.append([where, our_value, libqmi_value])
                    k = find_known(known, where, our_value, libqmi_value)
                    if k is None:
                        worst = 'new'
                        entry = new.setdefault(where, {'count': 0, 'example': None})
                        entry['count'] += 1
                        if entry['example'] is None:
                            entry['example'] = (d['seed'], d['style'], our_value, libqmi_value)
                    elif not k['reason'].startswith('older:') and worst == 'older':
                        worst = 'known'
                svc[worst] += 1

    print('libqmi differential test: %d sample frames, libqmi-glib as the reference' % frames)
    head = ('service', 'messages', 'lacking', 'compared', 'agree', 'older', 'differ', 'agree%', 'ours', 'libqmi')
    row = '%-8s %8s %8s %9s %8s %7s %7s %8s %7s %7s'
    print(row % head)
    total = defaultdict(int)

    def line(name, s, messages, lacking):
        judged = s['compared'] - s['older']
        pct = 100.0 * s['agree'] / judged if judged else 100.0
        print(row % (name, messages, lacking, s['compared'], s['agree'], s['older'], s['known'] + s['new'],
                     '%.2f%%' % pct, s['ours_only'], s['libqmi_only']))
        return pct

    for name in sorted(per_service):
        s = per_service[name]
        line(name, s, len(s['messages']), len(s['libqmi_lacks']))
        for k in ('compared', 'agree', 'older', 'known', 'new', 'ours_only', 'libqmi_only'):
            total[k] += s[k]
        total['messages'] += len(s['messages'])
        total['lacking'] += len(s['libqmi_lacks'])
    pct = line('total', total, total['messages'], total['lacking'])
    raw = 100.0 * total['agree'] / total['compared'] if total['compared'] else 0.0
    print('messages: message kinds both know; lacking: message kinds libqmi 1.32 does not know;')
    print('compared: TLV samples both decode; older: of those, TLVs whose only differences are values')
    print('libqmi 1.32 predates (set aside); differ: the other TLVs with a difference;')
    print('agree%: agree / (compared - older); ours: TLVs only we decode; libqmi: TLVs only libqmi decodes.')
    print('All compared TLVs, older ones included: %.2f%% agree.' % raw)
    print('%d text values were compared as bytes: libqmi 1.32 shows them as byte arrays (names with a'
          % TEXT_AS_BYTES[0])
    print('coding scheme, USS data), so only the bytes agree; their decoding is checked by unit tests.')

    print('\nknown differences (reviewed in %s): line: TLV samples' % args.known)
    for k in known:
        print('  %4d: %6d  %s | %s | %s' % (k['line'], k['hits'], k['where'], k['ours'], k['libqmi']))
    print('\nnew differences (where: count; example seed/style: ours | libqmi):')
    for where, e in new.items():
        seed, style, ours, theirs = e['example']
        print('  NEW %s: %d; seed %d style %d: %s | %s' % (where, e['count'], seed, style, ours, theirs))
    print('  %d' % len(new) + ' places with differences no reviewed line explains')
    print('\nTLVs only we decode (libqmi 1.32 shows them undecoded): %d kinds' % len(ours_only))
    for where in sorted(ours_only):
        print('  %s' % where)
    print('\nTLVs only libqmi decodes: %d with UTF-8 text in a field the schemas call ASCII (%s):'
          % (sum(utf8_in_ascii.values()), ', '.join('%s %d' % kv for kv in sorted(utf8_in_ascii.items()))))
    print('  libqmi prints the bytes as they are, our walker shows U+FFFD and "invalid ASCII" (text encodings)')
    for where, (count, problems, translated) in unexpected.items():
        print('  NEW %s: %d; ours: %s | libqmi: %s' % (where, count, problems, translated[:100]))
    if args.dump:
        with open(args.dump, 'w', encoding='utf-8') as f:
            for x in dump:
                f.write(json.dumps(x, ensure_ascii=False) + '\n')
    stale = [k for k in known if k['hits'] == 0]
    for k in stale:
        print('  STALE %s:%d: %s matches no difference any more' % (args.known, k['line'], k['where']))

    ok = True
    if pct < TARGET:
        print('FAIL: %.2f%% of the TLVs both decode agree, below the target of %.1f%%' % (pct, TARGET))
        ok = False
    if new:
        print('FAIL: differences in %d places are not in the reviewed list' % len(new))
        ok = False
    if unexpected:
        print('FAIL: in %d places our walker reports a problem where libqmi decodes the TLV' % len(unexpected))
        ok = False
    if stale:
        print('FAIL: %d lines of the reviewed list match nothing: remove them' % len(stale))
        ok = False
    if ok:
        print('PASS: %.2f%% agree (target %.1f%%); every difference is a reviewed one' % (pct, TARGET))
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
