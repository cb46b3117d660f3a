/* The bridge: sits between a QMUX character device (/dev/cdc-wdmN, a serial
 * QMI port, a fake modem's pty) and its clients, who open a pty linked at
 * PATH instead. Whole frames are relayed both ways unchanged and each is
 * recorded as Exported PDU "qmux" with its direction. No usbmon needed. */
#pragma once

#include "capture-sink.h"

typedef struct _Bridge Bridge;

/* Opens the device and creates the pty link; nothing is written yet. */
Bridge *bridge_open (const char *device, const char *link, gboolean reopen, GError **error);
/* Adds the interface to the sink and starts relaying in the default main context. */
gboolean bridge_start (Bridge *b, CaptureSink *sink);
/* TRUE when the device went away and was not (or could not be) re-opened. */
gboolean bridge_lost (const Bridge *b);
void bridge_free (Bridge *b);
