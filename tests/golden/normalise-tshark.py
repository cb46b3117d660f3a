#!/usr/bin/env python3
"""Maps the presentation differences between tshark releases out of
`tshark -V` text, so one golden set serves Wireshark 4.0, 4.4 and 4.6.

Applied to the output of every release (4.0 included) before it is compared
with, or written to, tests/golden/*.txt. Each rule rewrites only the form one
release prints for something all releases print, and each is as narrow as
the difference: a decoding difference (another value, name, field, line or
expert info) still fails the golden. On 4.0 output every rule but 5 leaves
the text as it is.

1. Frame lines (4.6): "Frame N: Packet, 36 bytes on wire ..." -> "Frame N: 36
   bytes on wire ...". Only "Packet, " right after "Frame N: " at the start
   of a line.
2. Relative times (4.6): "[Response Time: 1.000000 milliseconds]" -> "[Response
   Time: 0.001000000 seconds]". Only a generated field (the whole line in
   brackets, as Wireshark shows computed values; a schema field with a unit
   of milliseconds is not touched) whose value is a number with a unit of
   milliseconds, microseconds or nanoseconds; converted exactly (decimal digits, no floating point) to seconds with 9
   decimals, as 4.0 and 4.4 print them.
3. Escapes in strings (4.6): a non-printable byte "\\x06" -> "\\006", the
   octal form 4.0 and 4.4 print. Only \\x followed by two hex digits and not
   itself escaped (an even number of backslashes before it).
4. Long byte fields (4.4, 4.6): 4.0 shows the first 36 bytes and "…", later
   releases the whole field (or as much as the 240-byte label holds, marked
   " […]"). A value of more than 72 hex digits (or 72 and "…") ending a line,
   or followed only by bracketed words the plugin appends (" [personal]")
   -> its first 72 digits and "…" (then those words), without the " […]" mark.
5. Truncated labels (all): a label longer than Wireshark's 240 bytes is cut,
   marked " [truncated]" (4.0) or " […]" (4.4, 4.6), at a point that depends
   on the marker's length. The mark becomes " [truncated]" and the value is
   cut to its first 160 characters, which every release still shows for a
   field name of up to 60 characters (trailing blanks dropped).
"""
import re
import sys

FRAME = re.compile(r'^(Frame \d+: )Packet, ')
TIME = re.compile(r'^(\s*\[[^]:]*: )(\d+)(?:\.(\d+))? (milliseconds|microseconds|nanoseconds)(\])$')
HEX_ESCAPE = re.compile(r'(?<!\\)((?:\\\\)*)\\x([0-9a-fA-F]{2})')
LONG_BYTES = re.compile(r'^(\s*[^:]*?)(?: \[…\])?: ([0-9a-f]{72})(?:[0-9a-f]+|…)((?: \[[a-z ]+\])*)$')
TRUNCATED = re.compile(r'^(\s*[^:]*?) (?:\[truncated\]|\[…\]): (.*)$')
NS_PER_UNIT = {'milliseconds': 10**6, 'microseconds': 10**3, 'nanoseconds': 1}
TRUNCATED_KEEP = 160


def seconds(m):
    whole, frac, unit = m.group(2), m.group(3) or '', m.group(4)
    scale = NS_PER_UNIT[unit]
    digits = len(str(scale)) - 1          # decimals that are whole nanoseconds
    if len(frac) > digits and frac[digits:].strip('0'):
        return m.group(0)                 # finer than a nanosecond: leave it to fail
    ns = int(whole) * scale + int((frac[:digits] or '0').ljust(digits, '0') or '0')
    return '%s%d.%09d seconds%s' % (m.group(1), ns // 10**9, ns % 10**9, m.group(5))


def normalise(line):
    line = FRAME.sub(r'\1', line)
    line = TIME.sub(seconds, line)
    line = HEX_ESCAPE.sub(lambda m: '%s\\%03o' % (m.group(1), int(m.group(2), 16)), line)
    m = LONG_BYTES.match(line)
    if m:
        return '%s: %s…%s' % (m.group(1), m.group(2), m.group(3))
    m = TRUNCATED.match(line)
    if m:
        return '%s [truncated]: %s' % (m.group(1), m.group(2)[:TRUNCATED_KEEP].rstrip())
    return line


def main():
    out = sys.stdout
    for line in sys.stdin:
        out.write(normalise(line.rstrip('\n')) + '\n')


if __name__ == '__main__':
    main()
