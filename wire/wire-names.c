/* Value-name tables of facts that are not QMI message knowledge: QRTR
 * packet types, the QRTR services that are not QMI, and USB vendor ids.
 * Service titles, QMI error names and CTL message names are the schemas'
 * (wire_registry_qmux_name & co. in wire-schema.h), never here.
 *
 * Our own tables are sorted by value so lookups are binary searches over a
 * length known at compile time (the dissector calls these for every packet). */
#include "wire-names.h"
#include "wire-qrtr.h"

/* QRTR services whose payload is not QMI: the QRTR dissector hands them to
 * other dissectors by number, so they are transport facts that hold with no
 * schemas loaded. Every QMI service's name comes from the schemas instead
 * (wire_registry_qrtr_name, which includes these). From qrtr-lookup. */
const WireServiceName wire_qrtr_other_services[] = {
  { WIRE_QRTR_SERVICE_TFTP, "tftp", "TFTP" },
  { WIRE_QRTR_SERVICE_DIAG, "diag", "DIAG" },
  { 0, NULL, NULL },
};

const WireValueName wire_qrtr_types[] = {
  { WIRE_QRTR_TYPE_DATA, "DATA" },
  { WIRE_QRTR_TYPE_HELLO, "HELLO" },
  { WIRE_QRTR_TYPE_BYE, "BYE" },
  { WIRE_QRTR_TYPE_NEW_SERVER, "NEW_SERVER" },
  { WIRE_QRTR_TYPE_DEL_SERVER, "DEL_SERVER" },
  { WIRE_QRTR_TYPE_DEL_CLIENT, "DEL_CLIENT" },
  { WIRE_QRTR_TYPE_RESUME_TX, "RESUME_TX" },
  { WIRE_QRTR_TYPE_EXIT, "EXIT" },
  { WIRE_QRTR_TYPE_PING, "PING" },
  { WIRE_QRTR_TYPE_NEW_LOOKUP, "NEW_LOOKUP" },
  { WIRE_QRTR_TYPE_DEL_LOOKUP, "DEL_LOOKUP" },
  { WIRE_QRTR_TYPE_DEL_PROC, "DEL_PROC" },
  { 0, NULL },
};

/* Entries before the terminator, known at compile time. */
#define TABLE_LEN(t) (G_N_ELEMENTS (t) - 1)

/* Our own tables are sorted; a caller's table might not be, so only these
 * get the binary search and any other table is scanned. */
static const struct {
  const WireValueName *table;
  gsize len;
} sorted_tables[] = {
  { wire_qrtr_types, TABLE_LEN (wire_qrtr_types) },
};

static const char *
value_bsearch (const WireValueName *table, gsize len, guint32 value)
{
  gsize lo = 0, hi = len;
  while (lo < hi) {
    gsize mid = lo + (hi - lo) / 2;
    if (table[mid].value == value)
      return table[mid].name;
    if (table[mid].value < value)
      lo = mid + 1;
    else
      hi = mid;
  }
  return NULL;
}

const char *
wire_value_name (const WireValueName *table, guint32 value)
{
  for (gsize i = 0; i < G_N_ELEMENTS (sorted_tables); i++)
    if (sorted_tables[i].table == table)
      return value_bsearch (table, sorted_tables[i].len, value);
  for (; table->name; table++)
    if (table->value == value)
      return table->name;
  return NULL;
}

/* USB vendor ids (usb.ids) of makers whose modems speak QMI and of those
 * the schemas name for vendor-specific messages. */
const WireValueName wire_usb_vendors[] = {
  { 0x03f0, "HP" },
  { 0x0489, "Foxconn" },
  { 0x05c6, "Qualcomm" },
  { 0x1199, "Sierra Wireless" },
  { 0x12d1, "Huawei" },
  { 0x19d2, "ZTE" },
  { 0x1bc7, "Telit" },
  { 0x2c7c, "Quectel" },
  { 0x413c, "Dell" },
  { 0, NULL },
};
