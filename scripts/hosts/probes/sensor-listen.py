#!/usr/bin/python3
"""Host harness probe, run in a sensor's network namespace: what reaches the sensor, and what Zeek would see.

Listens on the given TCP ports (what sshd, the health endpoint or any other service would get) and captures
every frame on the interface through a packet socket (AF_PACKET, as libpcap and so Zeek read it). Prints READY
once listening, then after `seconds` one JSON object: the connections each port accepted (by source) and the
TCP SYNs captured (source, destination, port).

    sensor-listen.py IFACE SECONDS PORT [PORT ...]
"""
import json
import select
import socket
import struct
import sys
import time

iface, seconds, ports = sys.argv[1], float(sys.argv[2]), [int(p) for p in sys.argv[3:]]
capture = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0003))
capture.bind((iface, 0))
listeners = {}
for port in ports:
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("0.0.0.0", port))
    s.listen(16)
    listeners[s] = port
print("READY", flush=True)
accepted, syns = [], []
deadline = time.time() + seconds
while time.time() < deadline:
    ready, _, _ = select.select([capture, *listeners], [], [], 0.2)
    for s in ready:
        if s is capture:
            frame = s.recv(65535)
            if len(frame) < 34 or frame[12:14] != b"\x08\x00" or frame[23] != 6:
                continue
            ihl = (frame[14] & 0x0F) * 4
            tcp = frame[14 + ihl:]
            if len(tcp) >= 14 and tcp[13] & 0x02 and not tcp[13] & 0x10:
                syns.append({
                    "from": socket.inet_ntoa(frame[26:30]),
                    "to": socket.inet_ntoa(frame[30:34]),
                    "port": struct.unpack("!H", tcp[2:4])[0],
                })
        else:
            conn, (source, _) = s.accept()
            accepted.append({"from": source, "port": listeners[s]})
            conn.close()
print(json.dumps({"accepted": accepted, "syns": syns}), flush=True)
