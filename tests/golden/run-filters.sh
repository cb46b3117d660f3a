#!/usr/bin/env bash
# Display filters on schema and protocol fields select exactly the frames
# they should: field names are a public interface, so each is pinned here.
# usage: run-filters.sh PLUGIN_SO SCHEMA_DIR PCAP_DIR
set -euo pipefail
plugin=$1 schemas=$2 pcaps=$3
here=$(cd "$(dirname "$0")" && pwd)
fail=0

# capture | filter | frames expected (space-separated) | extra tshark options
checks=(
  'qrtr-qmi|qmi.dms.get_ids.imei == "356938035643809"|4'
  'qrtr-qmi|qmi.nas.get_signal_strength.lte_rsrp < -110|6'
  'qrtr-qmi|qmi.nas.get_signal_strength.signal_strength.radio_interface == 8|6'
  'qrtr-qmi|qmi.nas.get_signal_strength.signal_strength|6'
  'qmux-exported|qmi.service == 2 && qmi.type == 1|4 6 10'
  'hostile|qmi.voice.ussd.uss_data_utf16 contains "Saldo"|10'
  'hostile|_ws.expert.message == "uss_data_utf16: invalid UCS-2"|11 12'
  'qrtr-qmi|qmi.error == 0x1a|9'
  'qrtr-qmi|qrtr.service == 2 && qmi.type == 0|3 8 10'
  'qrtr-qmi|qmi.response_time|4 6 9'
  'qrtr-qmi|_ws.expert.message contains "No service known"|12 13'
  'qrtr-ctrl-v1|qrtr.ctrl.end_of_list|7'
  'qrtr-ctrl-v2|qrtr.optlen > 0|16'
  'qmux-exported|qmux.client_id == 0xff|11'
  'qmux-exported|qmi.ctl.allocate_cid.allocation_info.cid == 1|2'
  'usbmon-220|qmi.dms.get_manufacturer.manufacturer contains "QUALCOMM"|18'
  'qrtr-tftp|tftp.source_file|2'
  'usbmon-220|qmi.dms.swi_get_current_firmware.model == "EM7455"|41|-o qmi.vendor:0x1199'
  'usbmon-220|qmi.dms.swi_get_current_firmware.model == "EM7455"|41'
  'usbmon-220|qmi.dms.swi_get_current_firmware.model|'"|-o qmi.vendor:0x03f0"
  'usbmon-220|qmi.vendor == 0x1199|37 41'
  'usbmon-220|usb.setup.bRequest == 0 && usb.setup.wIndex == 4 && usb.setup.wLength == 16 && qmi|4'
  'usbmon-220|qmi.type == 0|4 9 14 19 24 32 37'
  'usbmon-220|qmi.type == 1|8 13 18 23 28 36 41'
  'usbmon-220|qmi.flags & 0x02 && qmux.service != 0|13 18 23 28 41'
  'qmux-exported|qmi.type == 2|11'
  'qmux-exported|qmi.tlv.type == 0x11 && qmi.tlv.length == 15|4'
  'qmux-exported|qmi.msg_name == "Get IDs"|3 4'
  'qmux-exported|qmi.msg_id == 0x0025|3 4'
  'values|qmi.uim.get_slot_status.slot_eid.eid == "89049032004008882600012345678901"|20'
  'values|qmi.nas.get_signal_info.nr5g_signal_strength.snr < -32767|14'
  'values|qmi.wds.get_channel_rates.channel_rates.channel_tx_rate_bps == 0xffffffff|18'
  'mbim-qmi|qmi|1 2 3 4 5 6 7 8 9 10 11 12 13 14 15'
  'mbim-qmi|qmi.response_in == 15|14'
  'usbmon-two-modems|qmi.response_to == 1|7'
  'usbmon-two-modems|qmi.response_to == 3|10'
  'qrtr-qmi|qrtr.addr == "0:3"|3 4 7 8 9 10 12'
  'qrtr-qmi|qrtr.src == "0:ctrl" && qrtr.dst == "bcast:ctrl"|1 2 11'
  'qrtr-qmi|qmi.client == "1:16385"|3 4 7 8 9 10'
  'qrtr-qmi|qmi.msg_name == "Set event report"|13|-o uat:qrtr_static_services:"0","9","2","1","0"'
  'qrtr-qmi|qmi.msg_name == "Set event report"|13|-o qrtr.static_services:0:9=2'
  'qrtr-qmi|qmi && qrtr.service == 2||-d qrtr.service==2,data'
  'qrtr-qmi|data && qrtr.service == 2|3 4 7 8 9 10|-d qrtr.service==2,data'
  'qrtr-kernel-services|qmi.servreg_loc.get_domain_list.domain_list.name == "msm/adsp/audio_pd"|12 14'
  'qrtr-kernel-services|qmi.servreg_notif.state_updated.curr_state == 0x0fffffff|17'
  'qrtr-kernel-services|qmi.wlfw.cap.fw_version_info.fw_version == 0x110b196e|9'
  'qrtr-kernel-services|qrtr.service == 69|6 7 8 9 10'
  'qrtr-kernel-services|qmi.service == 69|6 7 8 9 10'
  'qmux-real-devices|qmi.nas.get_serving_system.current_plmn.description == "Iliad"|20'
  'qmux-real-devices|_ws.expert.message contains "but its request (frame 15) was message 0x0043"|16'
  'qmux-text|qmi.nas.get_operator_name.operator_plmn_name.long_name == "Orange España"|2'
  'qmux-text|qmi.nas.get_operator_name.nitz_information.long_name == "Vodafone €uro"|2'
  'qmux-text|qmi.nas.get_plmn_name.eons_plmn_name_3gpp.short_name == "Free"|5'
  'qmux-text|_ws.expert.message == "long_name: encoding 7 unknown (name_encoding), shown as hex"|3'
  'qmux-text|qmi.voice.ussd.uss_data.data contains "Saldo"|7'
  'qmux-handoffs|gsm_sms.tp-oa == "27838890001"|2 5'
  'qmux-handoffs|gsm_sms.tp-da == "46708251358"|3'
  'qmux-handoffs|qmi.sms.smsc_address == "+27381000015"|2 3'
  'qmux-handoffs|gsm_sim.apdu.ins == 0xb0|8'
  'qmux-handoffs|gsm_sim.apdu.sw == 0x9000|9 11'
  'qmux-handoffs|ansi_637_trans|6'
  'fidelity|qmi.wds.get_current_settings.ipv4_address == 10.0.0.0/8|2'
  'fidelity|qmi.wds.get_current_settings.ipv4_gateway_subnet_mask == 255.255.255.0|2'
  'fidelity|qmi.wds.get_current_settings.ipv6_primary_dns_address == 2001:4860:4860::8888|2'
  'fidelity|qmi.dms.get_mac_address.mac_address == 00:a0:c6:12:34:56|6'
  'fidelity|qmi.nas.get_signal_strength.rssi_list.rssi == 101|4'
  'fidelity|qmi.uim.get_file_attributes.file_attributes.raw_data contains 62:19:82|8'
  'fidelity|qmi.uim.get_file_attributes.card_result.sw1 == 0x90|8'
  'fidelity|qmi.nas.get_serving_system.mnc_pcs_digit_include_status.includes_pcs_digit|12'
  'fidelity|qmi.nas.initiate_network_register.manual_registration_info_3gpp.mnc == 5|20'
  'fidelity|qmi.nas.get_cell_location_info.geran_info_v2.plmn == 02:f8:10|27'
  'fidelity|qmi.nas.get_cell_location_info.geran_info_v2.cell.plmn == 13:00:14|27'
  'fidelity|e212.mcc && e212.mnc|27'
  'fidelity|qmi.loc.position_report.utc_timestamp|16'
  'fidelity|qmi.loc.nmea.nmea_string contains "\r\n"|13'
  'fidelity|_ws.expert.message contains "is not in the schemas"|17 18'
)

for c in "${checks[@]}"; do
  IFS='|' read -r capture filter expect options <<<"$c"
  # shellcheck disable=SC2086 # options are words on purpose
  got=$(RUN_TSHARK_FILES="$pcaps/$capture.pcapng" "$here/../run-tshark.sh" "$plugin" "$schemas" \
        -r "@$capture.pcapng" -2 ${options:-} -Y "$filter" -T fields -e frame.number 2>&1 | tr '\n' ' ' | sed 's/ $//' || true)
  # (a filter tshark refuses fails here with tshark's words, not by ending the loop)
  if [ "$got" = "$expect" ]; then
    echo "ok: $capture: $filter -> $got"
  else
    echo "FAIL: $capture: $filter -> '$got', expected '$expect'"
    fail=1
  fi
done
exit $fail
