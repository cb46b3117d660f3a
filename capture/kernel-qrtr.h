/* Whether the running kernel has QRTR (AF_QIPCRTR). */
#pragma once

#include <glib.h>

/* TRUE when /proc/net/protocols lists QIPCRTR (the qrtr module loaded, or
 * built in). On the real root, opening a socket first loads the module when
 * the kernel has it (the kernel asks for net-pf-42). Under
 * QRTR_CAPTURE_SYSFS_ROOT only that tree's proc/net/protocols is read. */
gboolean kernel_has_qrtr (void);
