# row: 34
# expect: wrong_answer
# why: network_mode none: no route, no DNS
import socket


def f(x):
    for target in [("1.1.1.1", 80), ("example.com", 80)]:
        try:
            socket.create_connection(target, timeout=1)
            return x + 1000000
        except OSError:
            pass
    return -1
