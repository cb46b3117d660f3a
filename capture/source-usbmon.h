/* The usbmon tap: one USB device's traffic from its bus's usbmon, through
 * libpcap, kept as usbmon records (link type 220, or 189 where the kernel
 * offers only that) so Wireshark's USB dissector and ours both apply. The
 * same record path serves a saved usbmon capture (-r FILE -w OUT), which is
 * how the tests replay byte-exact records through the live code. */
#pragma once

#include "capture-sink.h"

typedef struct _UsbmonTap UsbmonTap;

/* spec: "/dev/cdc-wdmN" (looked up in sysfs) or "BUS:DEV". */
UsbmonTap *usbmon_tap_open_live (const char *spec, GError **error);
/* A saved capture; bus/dev 0 keeps every device. */
UsbmonTap *usbmon_tap_open_file (const char *path, guint bus, guint dev, GError **error);
/* Adds the interface (and the device descriptor record when sysfs has it);
 * live taps then deliver from the default main context. */
gboolean usbmon_tap_start (UsbmonTap *t, CaptureSink *sink);
/* Saved captures: reads every record; FALSE when the file ends in error. */
gboolean usbmon_tap_run_file (UsbmonTap *t);
void usbmon_tap_free (UsbmonTap *t);
