/* The QRTR name-service tracker: learns (node, port) -> (service, version,
 * instance) from control packets seen in a capture, with history, so a data
 * frame is resolved as of its own time: a later DEL_SERVER does not change
 * what an earlier frame decodes to.
 *
 * Feed it in capture order (Wireshark's first pass); look up in any order
 * (second pass, random access). Frame numbers are the caller's, increasing. */
#pragma once

#include <glib.h>
#include "wire-qrtr.h"

G_BEGIN_DECLS

typedef struct _WireNsTracker WireNsTracker;

typedef struct {
  guint32 service;
  guint32 version;
  guint32 instance;      /* instance id (already split from version) */
  guint32 first_frame;   /* frame of the NEW_SERVER that announced it */
  guint32 last_frame;    /* frame of the DEL that ended it, G_MAXUINT32 while alive */
} WireNsEntry;

WireNsTracker *wire_ns_tracker_new (void);
void wire_ns_tracker_free (WireNsTracker *tracker);

/* Feeds one control packet seen at frame_num. sender_node is the QRTR source
 * node of the frame (BYE and HELLO speak for that node). Repeated feeding of
 * the same frame_num is ignored, so callers may feed on every pass.
 * NEW_SERVER end-of-list markers are ignored. */
void wire_ns_tracker_feed (WireNsTracker *tracker, guint32 frame_num,
                           guint32 sender_node, const WireQrtrCtrl *ctrl);

/* Adds a static mapping (user preference / Decode As): port on any node
 * when node == WIRE_QRTR_NODE_BCAST. Static mappings apply only where the
 * capture announced nothing for that address. */
void wire_ns_tracker_add_static (WireNsTracker *tracker, guint32 node, guint32 port,
                                 guint32 service, guint32 version, guint32 instance);
void wire_ns_tracker_clear_static (WireNsTracker *tracker);

/* The server at (node, port) as of frame_num; FALSE when none was known. */
gboolean wire_ns_tracker_lookup (const WireNsTracker *tracker, guint32 node, guint32 port,
                                 guint32 frame_num, WireNsEntry *out);

/* Resolves a data frame: tries the destination, then the source (a response
 * travels from the server's port). Sets *server_is_dst. */
gboolean wire_ns_tracker_resolve (const WireNsTracker *tracker,
                                  guint32 src_node, guint32 src_port,
                                  guint32 dst_node, guint32 dst_port,
                                  guint32 frame_num, WireNsEntry *out,
                                  gboolean *server_is_dst);

/* Number of (node, port) addresses with history; for tests and bounds. */
guint wire_ns_tracker_size (const WireNsTracker *tracker);

/* Forget everything (new capture file). */
void wire_ns_tracker_reset (WireNsTracker *tracker);

G_END_DECLS
