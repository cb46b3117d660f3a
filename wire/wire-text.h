/* Numbers appended to a GString without printf: the renderers and the info
 * lines run once per value of every message shown, and glibc's printf costs
 * several times more per number than these loops. Same text as %u / %d. */
#pragma once

#include <glib.h>

#define WIRE_UINT_DIGITS_SIZE 21 /* 2^64 - 1 has 20 digits, and the NUL */

/* The digits of v, written at the end of buf (WIRE_UINT_DIGITS_SIZE bytes):
 * returns where they start. */
static inline const char *wire_uint_digits (char *buf, guint64 v)
{
  char *p = buf + WIRE_UINT_DIGITS_SIZE - 1;
  *p = '\0';
  do
    *--p = (char) ('0' + v % 10);
  while (v /= 10);
  return p;
}

static inline void wire_append_uint (GString *out, guint64 v)
{
  char buf[WIRE_UINT_DIGITS_SIZE];
  g_string_append (out, wire_uint_digits (buf, v));
}

/* "0x" and at least width lowercase hex digits of v, as 0x%0<width>x,
 * written at the end of buf (WIRE_HEX_DIGITS_SIZE bytes): returns where
 * they start. */
#define WIRE_HEX_DIGITS_SIZE 19 /* "0x", 16 digits, the NUL */
static inline const char *wire_hex_digits (char *buf, guint64 v, guint width)
{
  char *end = buf + WIRE_HEX_DIGITS_SIZE - 1, *p = end;
  *p = '\0';
  do
    *--p = "0123456789abcdef"[v & 0xf];
  while (((v >>= 4) || (guint) (end - p) < width) && p > buf + 2);
  *--p = 'x';
  *--p = '0';
  return p;
}

static inline void wire_append_int (GString *out, gint64 v)
{
  if (v < 0) {
    g_string_append_c (out, '-');
    wire_append_uint (out, (guint64) 0 - (guint64) v);
  } else {
    wire_append_uint (out, (guint64) v);
  }
}
