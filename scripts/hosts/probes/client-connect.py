#!/usr/bin/python3
"""Host harness probe, run in the client namespace: one TCP connection attempt per SOURCE>DEST:PORT argument.

Prints one line per attempt: `SOURCE>DEST:PORT connected`, `refused` or `timeout` (a dropped SYN).

    client-connect.py 10.20.1.7>10.20.17.10:9999 [...]
"""
import socket
import sys

for attempt in sys.argv[1:]:
    source, target = attempt.split(">")
    host, port = target.rsplit(":", 1)
    try:
        socket.create_connection((host, int(port)), timeout=1.5, source_address=(source, 0)).close()
        outcome = "connected"
    except ConnectionRefusedError:
        outcome = "refused"
    except (socket.timeout, TimeoutError):
        outcome = "timeout"
    except OSError as error:
        outcome = "error %s" % error.errno
    print("%s %s" % (attempt, outcome), flush=True)
