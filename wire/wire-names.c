/* Value-name tables: QMUX and QRTR service ids, QMI protocol errors, CTL
 * messages and QRTR packet types.
 *
 * Facts: service ids from libqmi's QmiService (qmi-enums.h) and the QRTR
 * service table of linux-msm/qrtr's qrtr-lookup; error codes and the names
 * qmicli prints from libqmi's qmi-errors.h (QmiProtocolError nicks); CTL ids
 * from libqmi's qmi-service-ctl.json. The error table was checked value by
 * value against libqmi 1.32's qmi_protocol_error_get_string (). Tables are
 * sorted by value so lookups are binary searches over a length known at
 * compile time (the dissector calls these for every packet). */
#include "wire-names.h"
#include "wire-qrtr.h"

const WireServiceName wire_qmux_services[] = {
  { 0x00, "ctl", "Control" },
  { 0x01, "wds", "Wireless Data Service" },
  { 0x02, "dms", "Device Management Service" },
  { 0x03, "nas", "Network Access Service" },
  { 0x04, "qos", "Quality of Service" },
  { 0x05, "wms", "Wireless Messaging Service" },
  { 0x06, "pds", "Position Determination Service" },
  { 0x07, "auth", "Authentication Service" },
  { 0x08, "at", "AT Command Service" },
  { 0x09, "voice", "Voice Service" },
  { 0x0a, "cat2", "Card Application Toolkit v2" },
  { 0x0b, "uim", "User Identity Module" },
  { 0x0c, "pbm", "Phonebook Management" },
  { 0x0d, "qchat", "QCHAT Service" },
  { 0x0e, "rmtfs", "Remote File System" },
  { 0x0f, "test", "Test Service" },
  { 0x10, "loc", "Location Service" },
  { 0x11, "sar", "Specific Absorption Rate" },
  { 0x12, "ims", "IMS Settings" },
  { 0x13, "adc", "Analog to Digital Converter" },
  { 0x14, "csd", "Core Sound Driver" },
  { 0x15, "mfs", "Modem Embedded File System" },
  { 0x16, "time", "Time Service" },
  { 0x17, "ts", "Thermal Sensors" },
  { 0x18, "tmd", "Thermal Mitigation Device" },
  { 0x19, "sap", "Service Access Proxy" },
  { 0x1a, "wda", "Wireless Data Administrative" },
  { 0x1b, "tsync", "TSYNC Control" },
  { 0x1c, "rfsa", "Remote File System Access" },
  { 0x1d, "csvt", "Circuit Switched Videotelephony" },
  { 0x1e, "qcmap", "Qualcomm Mobile Access Point" },
  { 0x1f, "imsp", "IMS Presence" },
  { 0x20, "imsvt", "IMS Videotelephony" },
  { 0x21, "imsa", "IMS Application" },
  { 0x22, "coex", "Coexistence" },
  { 0x24, "pdc", "Persistent Device Configuration" },
  { 0x26, "stx", "Simultaneous Transmit" },
  { 0x27, "bit", "Bearer Independent Transport" },
  { 0x28, "imsrtp", "IMS RTP" },
  { 0x29, "rfrpe", "RF Radiated Performance Enhancement" },
  { 0x2a, "dsd", "Data System Determination" },
  { 0x2b, "ssctl", "Subsystem Control" },
  { 0x2f, "dpm", "Data Port Mapper" },
  { 0x32, "uim_rmt", "Remote SIM" },
  { 0x47, "uim_http", "UIM HTTP" },
  { 0xe0, "cat", "Card Application Toolkit" },
  { 0xe1, "rms", "Remote Management Service" },
  { 0xe2, "oma", "Open Mobile Alliance Device Management" },
  { 0xe3, "fox", "Foxconn General Modem Service" },
  { 0xe6, "fota", "Firmware Update Over The Air" },
  { 0xe7, "gms", "Telit General Modem Service" },
  { 0xe8, "gas", "Telit General Application Service" },
  { 0xed, "atr", "Telit Antenna Tuning and Reporting" },
  { 0x190, "ssc", "Snapdragon Sensor Core" },
  { 0x302, "imsdcm", "IMS Data Connection Manager" },
  { 0, NULL, NULL },
};

/* QRTR services: QMI services keep their QMUX ids on QRTR; the others are
 * the ids qrtr-lookup knows from real devices. */
const WireServiceName wire_qrtr_services[] = {
  { 1, "wds", "Wireless Data Service" },
  { 2, "dms", "Device Management Service" },
  { 3, "nas", "Network Access Service" },
  { 4, "qos", "Quality of Service" },
  { 5, "wms", "Wireless Messaging Service" },
  { 6, "pds", "Position Determination Service" },
  { 7, "auth", "Authentication Service" },
  { 8, "at", "AT Command Service" },
  { 9, "voice", "Voice Service" },
  { 10, "cat2", "Card Application Toolkit v2" },
  { 11, "uim", "User Identity Module" },
  { 12, "pbm", "Phonebook Management" },
  { 13, "qchat", "QCHAT Service" },
  { 14, "rmtfs", "Remote File System" },
  { 15, "test", "Test Service" },
  { 16, "loc", "Location Service" },
  { 17, "sar", "Specific Absorption Rate" },
  { 18, "ims", "IMS Settings" },
  { 19, "adc", "Analog to Digital Converter" },
  { 20, "csd", "Core Sound Driver" },
  { 21, "mfs", "Modem Embedded File System" },
  { 22, "time", "Time Service" },
  { 23, "ts", "Thermal Sensors" },
  { 24, "tmd", "Thermal Mitigation Device" },
  { 25, "sap", "Service Access Proxy" },
  { 26, "wda", "Wireless Data Administrative" },
  { 27, "tsync", "TSYNC Control" },
  { 28, "rfsa", "Remote File System Access" },
  { 29, "csvt", "Circuit Switched Videotelephony" },
  { 30, "qcmap", "Qualcomm Mobile Access Point" },
  { 31, "imsp", "IMS Presence" },
  { 32, "imsvt", "IMS Videotelephony" },
  { 33, "imsa", "IMS Application" },
  { 34, "coex", "Coexistence" },
  { 36, "pdc", "Persistent Device Configuration" },
  { 38, "stx", "Simultaneous Transmit" },
  { 39, "bit", "Bearer Independent Transport" },
  { 40, "imsrtp", "IMS RTP" },
  { 41, "rfrpe", "RF Radiated Performance Enhancement" },
  { 42, "dsd", "Data System Determination" },
  { 43, "ssctl", "Subsystem Control" },
  { 47, "dpm", "Data Port Mapper" },
  { 48, "dfs", "Data Filter Service" },
  { 49, "ipa", "IPA Control" },
  { 50, "uim_rmt", "Remote SIM" },
  { 51, "coresight", "CoreSight" },
  { 52, "dhms", "Dynamic Heap Memory Sharing" },
  { 55, "slim", "QMI-SLIM" },
  { 56, "lowi", "LOWI" },
  { 57, "wlps", "WLPS" },
  { 64, "servreg_loc", "Service Registry Locator" },
  { 66, "servreg_notif", "Service Registry Notifier" },
  { 69, "wlfw", "WLAN Firmware" },
  { 70, "lte", "LTE" },
  { 71, "uim_http", "UIM HTTP" },
  { 75, "qdma", "QDMA" },
  { 76, "ssgccs", "SSGCCS" },
  { 224, "cat", "Card Application Toolkit v1" },
  { 225, "rms", "Remote Management Service" },
  { 226, "oma", "Open Mobile Alliance Device Management" },
  { 227, "fox", "Foxconn General Modem Service" },
  { 230, "fota", "Firmware Update Over The Air" },
  { 231, "gms", "Telit General Modem Service" },
  { 232, "gas", "Telit General Application Service" },
  { 237, "atr", "Telit Antenna Tuning and Reporting" },
  { 256, "sns_smgr", "Sensor Manager" },
  { 271, "sns_reg", "Sensor Registry" },
  { 312, "qbt1000", "QBT1000" },
  { 400, "ssc", "Snapdragon Sensor Core" },
  { 769, "slimbus", "SLIMbus Control" },
  { 770, "imsdcm", "IMS Data Connection Manager" }, /* qrtr-lookup: "IMS data" */
  { 771, "pac", "Peripheral Access Control" },
  { 4096, "tftp", "TFTP" },
  { 4097, "diag", "DIAG" },
  { 0, NULL, NULL },
};

const WireValueName wire_qmi_errors[] = {
  { 0, "None" },
  { 1, "MalformedMessage" },
  { 2, "NoMemory" },
  { 3, "Internal" },
  { 4, "Aborted" },
  { 5, "ClientIdsExhausted" },
  { 6, "UnabortableTransaction" },
  { 7, "InvalidClientId" },
  { 8, "NoThresholdsProvided" },
  { 9, "InvalidHandle" },
  { 10, "InvalidProfile" },
  { 11, "InvalidPinId" },
  { 12, "IncorrectPin" },
  { 13, "NoNetworkFound" },
  { 14, "CallFailed" },
  { 15, "OutOfCall" },
  { 16, "NotProvisioned" },
  { 17, "MissingArgument" },
  { 19, "ArgumentTooLong" },
  { 22, "InvalidTransactionId" },
  { 23, "DeviceInUse" },
  { 24, "NetworkUnsupported" },
  { 25, "DeviceUnsupported" },
  { 26, "NoEffect" },
  { 27, "NoFreeProfile" },
  { 28, "InvalidPdpType" },
  { 29, "InvalidTechnologyPreference" },
  { 30, "InvalidProfileType" },
  { 31, "InvalidServiceType" },
  { 32, "InvalidRegisterAction" },
  { 33, "InvalidPsAttachAction" },
  { 34, "AuthenticationFailed" },
  { 35, "PinBlocked" },
  { 36, "PinAlwaysBlocked" },
  { 37, "UimUninitialized" },
  { 38, "MaximumQosRequestsInUse" },
  { 39, "IncorrectFlowFilter" },
  { 40, "NetworkQosUnaware" },
  { 41, "InvalidQosId" },
  { 42, "RequestedNumberUnsupported" },
  { 43, "InterfaceNotFound" },
  { 44, "FlowSuspended" },
  { 45, "InvalidDataFormat" },
  { 46, "GeneralError" },
  { 47, "UnknownError" },
  { 48, "InvalidArgument" },
  { 49, "InvalidIndex" },
  { 50, "NoEntry" },
  { 51, "DeviceStorageFull" },
  { 52, "DeviceNotReady" },
  { 53, "NetworkNotReady" },
  { 54, "WmsCauseCode" },
  { 55, "WmsMessageNotSent" },
  { 56, "WmsMessageDeliveryFailure" },
  { 57, "WmsInvalidMessageId" },
  { 58, "WmsEncoding" },
  { 59, "AuthenticationLock" },
  { 60, "InvalidTransition" },
  { 61, "NotMcastInterface" },
  { 62, "MaximumMcastRequestsInUse" },
  { 63, "InvalidMcastHandle" },
  { 64, "InvalidIpFamilyPreference" },
  { 65, "SessionInactive" },
  { 66, "SessionInvalid" },
  { 67, "SessionOwnership" },
  { 68, "InsufficientResources" },
  { 69, "Disabled" },
  { 70, "InvalidOperation" },
  { 71, "InvalidQmiCommand" },
  { 72, "WmsTPduType" },
  { 73, "WmsSmscAddress" },
  { 74, "InformationUnavailable" },
  { 75, "SegmentTooLong" },
  { 76, "SegmentOrder" },
  { 77, "BundlingNotSupported" },
  { 78, "OperationPartialFailure" },
  { 79, "PolicyMismatch" },
  { 80, "SimFileNotFound" },
  { 81, "ExtendedInternal" },
  { 82, "AccessDenied" },
  { 83, "HardwareRestricted" },
  { 84, "AckNotSent" },
  { 85, "InjectTimeout" },
  { 90, "IncompatibleState" },
  { 91, "FdnRestrict" },
  { 92, "SupsFailureCase" },
  { 93, "NoRadio" },
  { 94, "NotSupported" },
  { 95, "NoSubscription" },
  { 96, "CardCallControlFailed" },
  { 97, "NetworkAborted" },
  { 98, "MsgBlocked" },
  { 100, "InvalidSessionType" },
  { 101, "InvalidPbType" },
  { 102, "NoSim" },
  { 103, "PbNotReady" },
  { 104, "PinRestriction" },
  { 105, "Pin1Restriction" },
  { 106, "PukRestriction" },
  { 107, "Puk2Restriction" },
  { 108, "PbAccessRestricted" },
  { 109, "PbDeleteInProgress" },
  { 110, "PbTextTooLong" },
  { 111, "PbNumberTooLong" },
  { 112, "PbHiddenKeyRestriction" },
  { 113, "PbNotAvailable" },
  { 114, "DeviceMemoryError" },
  { 115, "NoPermission" },
  { 116, "TooSoon" },
  { 117, "TimeNotAcquired" },
  { 118, "OperationInProgress" },
  { 388, "FwWriteFailed" },
  { 389, "FwInfoReadFailed" },
  { 390, "FwFileNotFound" },
  { 391, "FwDirNotFound" },
  { 392, "FwAlreadyActivated" },
  { 393, "FwCannotGenericImage" },
  { 400, "FwFileOpenFailed" },
  { 401, "FwUpdateDiscontinuousFrame" },
  { 402, "FwUpdateFailed" },
  { 61441, "CatEventRegistrationFailed" },
  { 61442, "CatInvalidTerminalResponse" },
  { 61443, "CatInvalidEnvelopeCommand" },
  { 61444, "CatEnvelopeCommandBusy" },
  { 61445, "CatEnvelopeCommandFailed" },
  { 0, NULL },
};

const WireValueName wire_qmi_ctl_messages[] = {
  { 0x0020, "Set Instance ID" },
  { 0x0021, "Get Version Info" },
  { 0x0022, "Allocate CID" },
  { 0x0023, "Release CID" },
  { 0x0024, "Revoke CID" },
  { 0x0025, "Invalid CID" },
  { 0x0026, "Set Data Format" },
  { 0x0027, "Sync" },
  { 0x0028, "Set Event" },
  { 0x0029, "Set Power Save Config" },
  { 0x002a, "Set Power Save Mode" },
  { 0x002b, "Get Power Save Mode" },
  { 0xff00, "Internal Proxy Open" },
  { 0xff22, "Internal Allocate CID QRTR" },
  { 0xff23, "Internal Release CID QRTR" },
  { 0, NULL },
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
  { wire_qmi_errors, TABLE_LEN (wire_qmi_errors) },
  { wire_qmi_ctl_messages, TABLE_LEN (wire_qmi_ctl_messages) },
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

static const WireServiceName *
service_bsearch (const WireServiceName *table, gsize len, guint32 id)
{
  gsize lo = 0, hi = len;
  while (lo < hi) {
    gsize mid = lo + (hi - lo) / 2;
    if (table[mid].id == id)
      return &table[mid];
    if (table[mid].id < id)
      lo = mid + 1;
    else
      hi = mid;
  }
  return NULL;
}

const WireServiceName *
wire_qmux_service_lookup (guint32 id)
{
  return service_bsearch (wire_qmux_services, TABLE_LEN (wire_qmux_services), id);
}

const WireServiceName *
wire_qrtr_service_lookup (guint32 id)
{
  return service_bsearch (wire_qrtr_services, TABLE_LEN (wire_qrtr_services), id);
}

const char *
wire_qmi_error_name (guint16 error)
{
  return value_bsearch (wire_qmi_errors, TABLE_LEN (wire_qmi_errors), error);
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
