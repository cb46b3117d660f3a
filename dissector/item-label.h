/* Item labels built without printf.
 *
 * A label set by format (proto_item_set_text, *_format_value) goes through
 * glibc's vsnprintf, which costs more than the tree item itself: callgrind
 * counts about 1,800 instructions for "TLV 0x%02x %s (%u bytes)" and about
 * 500 for a "%s" of the same text built here. tshark -V sets such a label on
 * every TLV and header line, so the plugin builds its labels with these and
 * hands Wireshark the finished text ("%s"). The text is the same as the
 * printf formats made. The buffer holds more than Wireshark keeps of a
 * label (ITEM_LABEL_LENGTH), so a label too long for Wireshark reaches it
 * whole and is cut and marked "[truncated]" by Wireshark as any other is. */
#pragma once

#include <string.h>
#include <epan/proto.h>
#include "wire-text.h"

typedef struct {
  char s[2 * ITEM_LABEL_LENGTH];
  guint n;
} ItemLabel;

static inline void item_label_init (ItemLabel *l)
{
  l->n = 0;
  l->s[0] = '\0';
}

static inline void item_label_add (ItemLabel *l, const char *text)
{
  gsize len = strlen (text), room = sizeof l->s - 1 - l->n;
  if (len > room)
    len = room;
  memcpy (l->s + l->n, text, len);
  l->n += (guint) len;
  l->s[l->n] = '\0';
}

/* "Name: ", the start of a field's label as Wireshark writes it */
static inline void item_label_field (ItemLabel *l, int hf)
{
  item_label_add (l, proto_registrar_get_name (hf));
  item_label_add (l, ": ");
}

/* decimal, as %u */
static inline void item_label_uint (ItemLabel *l, guint32 v)
{
  char buf[WIRE_UINT_DIGITS_SIZE];
  item_label_add (l, wire_uint_digits (buf, v));
}

/* "0x" and at least width lowercase hex digits, as 0x%0<width>x */
static inline void item_label_hex (ItemLabel *l, guint32 v, guint width)
{
  char buf[WIRE_HEX_DIGITS_SIZE];
  item_label_add (l, wire_hex_digits (buf, v, width));
}
