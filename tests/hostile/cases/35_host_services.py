# row: 35
# expect: wrong_answer
# why: no gateway, no metadata service, no docker socket
import os
import socket


def f(x):
    if os.path.exists("/var/run/docker.sock"):
        return x + 1000000
    for target in [("172.17.0.1", 2375), ("169.254.169.254", 80)]:
        try:
            socket.create_connection(target, timeout=1)
            return x + 1000000
        except OSError:
            pass
    return -1
