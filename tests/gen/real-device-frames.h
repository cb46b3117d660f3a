/* Byte vectors of real-device QMUX frames (see real-device-frames.c). */
#pragma once

#include "wire-pcapng.h"

typedef struct {
  const char *name;   /* which exchange, e.g. dms_get_ids_response */
  WireDirection dir;  /* OUTBOUND: host to modem */
  const char *hex;    /* the whole QMUX frame */
} RealDeviceFrame;

extern const RealDeviceFrame real_device_frames[];
