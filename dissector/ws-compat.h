/* What differs between the Wireshark releases the plugin is built for
 * (4.0 to 4.6), in one place, so the dissectors use one spelling.
 *
 * Each switch is keyed on the release in which Wireshark's API changed, so
 * a release in between (4.2, not tested here) gets the side it needs:
 * - 4.4 (doc/release-notes.adoc, "Major API Changes" since 4.2.0): C99
 *   types, so heuristic dissectors return bool; tvb_get_guintX renamed
 *   tvb_get_uintX (old names deprecated); plugins describe their type with
 *   plugin_describe() (wsutil/plugins.h).
 * - 4.4: the USB dissector hands subdissectors the URB (urb_info_t), the
 *   device's conversation data under urb->conv; up to 4.2 it hands them the
 *   conversation data (usb_conv_info_t) itself. Reading one as the other
 *   compiles and yields garbage, so CMake also checks that the headers
 *   declare urb_info_t exactly when this says they should.
 * - 4.6: val_to_str takes a wmem scope first and val_to_str_wmem is gone;
 *   proto_item_fill_label takes a third argument (the value's offset);
 *   dissector_try_uint_new is deprecated for dissector_try_uint_with_data;
 *   value_string_ext_new takes a wmem scope first (wsutil/value_string.h). */
#pragma once

#include <ws_version.h>
#include <epan/packet.h>
#include <epan/dissectors/packet-usb.h>

#define QRTR_WS_AT_LEAST(major, minor)                                                                 \
  (WIRESHARK_VERSION_MAJOR > (major) || (WIRESHARK_VERSION_MAJOR == (major) && WIRESHARK_VERSION_MINOR >= (minor)))

/* The truth type of callbacks (4.4's C99 types): what a heuristic dissector
 * returns (qrtr_heur_bool), and a UAT update callback, an address type's
 * column filter (its is_src) and a conversation filter's validity check. */
#if QRTR_WS_AT_LEAST(4, 4)
typedef bool qrtr_heur_bool;
typedef bool qrtr_ws_bool;
#else
typedef gboolean qrtr_heur_bool;
typedef gboolean qrtr_ws_bool;
#endif

/* 4.4: conversation filter callbacks take a user_data pointer, given to
 * register_conversation_filter (seen in 4.4's headers, absent from 4.0's;
 * keyed on 4.4 with the other callback changes, not verified against 4.2). */
#if QRTR_WS_AT_LEAST(4, 4)
#define QRTR_CONV_FILTER_PARAMS packet_info *pinfo, void *user_data _U_
#define qrtr_register_conversation_filter(proto, name, valid, build)                                  \
  register_conversation_filter ((proto), (name), (valid), (build), NULL)
#else
#define QRTR_CONV_FILTER_PARAMS packet_info *pinfo
#define qrtr_register_conversation_filter(proto, name, valid, build)                                  \
  register_conversation_filter ((proto), (name), (valid), (build))
#endif

/* The 4.4 names of the tvb accessors the plugin uses. */
#if !QRTR_WS_AT_LEAST(4, 4)
#define tvb_get_uint8(tvb, offset) tvb_get_guint8 ((tvb), (offset))
#endif

/* Whether the plugin should export plugin_describe(). */
#define QRTR_WS_HAS_PLUGIN_DESCRIBE QRTR_WS_AT_LEAST(4, 4)

/* A value's name from a value_string, or fmt applied to it, allocated in
 * scope (pinfo->pool while dissecting). */
#if QRTR_WS_AT_LEAST(4, 6)
#define qrtr_val_to_str(scope, val, vs, fmt) val_to_str ((scope), (val), (vs), (fmt))
#else
#define qrtr_val_to_str(scope, val, vs, fmt) val_to_str_wmem ((scope), (val), (vs), (fmt))
#endif

/* A value_string_ext over vs (n entries with the terminator) that lives as
 * long as the program (the NULL scope: plain g_malloc). */
#if QRTR_WS_AT_LEAST(4, 6)
#define qrtr_value_string_ext_new(vs, n, name) value_string_ext_new (NULL, (vs), (n), (name))
#else
#define qrtr_value_string_ext_new(vs, n, name) value_string_ext_new ((vs), (n), (name))
#endif

/* Wireshark's own label of an item, into a buffer of ITEM_LABEL_LENGTH;
 * 4.6 also says where the value starts in it (NULL: not wanted). */
#if QRTR_WS_AT_LEAST(4, 6)
#define qrtr_fill_label(fi, label) proto_item_fill_label ((fi), (label), NULL)
#else
#define qrtr_fill_label(fi, label) proto_item_fill_label ((fi), (label))
#endif

/* Hands tvb to the dissector registered for val in table; the bytes it
 * took, 0 if none is registered or it declined. */
#if QRTR_WS_AT_LEAST(4, 6)
#define qrtr_dissector_try_uint(table, val, tvb, pinfo, tree, data)                                     \
  dissector_try_uint_with_data ((table), (val), (tvb), (pinfo), (tree), TRUE, (data))
#else
#define qrtr_dissector_try_uint(table, val, tvb, pinfo, tree, data)                                     \
  dissector_try_uint_new ((table), (val), (tvb), (pinfo), (tree), TRUE, (data))
#endif

/* The device's conversation data from what the USB dissector passes to a
 * usb.control subdissector (NULL when it passes nothing). */
static inline const usb_conv_info_t *
qrtr_usb_conv_info (const void *data)
{
#if QRTR_WS_AT_LEAST(4, 4)
  const urb_info_t *urb = data;
  return urb ? urb->conv : NULL;
#else
  return data;
#endif
}

/* The control transfer a usb.control subdissector is called for (its setup
 * packet): on the URB from 4.4 on, on the conversation data up to 4.2. */
static inline const usb_trans_info_t *
qrtr_usb_trans_info (const void *data)
{
#if QRTR_WS_AT_LEAST(4, 4)
  const urb_info_t *urb = data;
  return urb ? urb->usb_trans_info : NULL;
#else
  const usb_conv_info_t *conv = data;
  return conv ? conv->usb_trans_info : NULL;
#endif
}
