"""Row 47: every channel two submissions could use to talk, as sender and receiver.

`talk("send", s)` holds each channel open for s seconds; `talk("receive", s)` polls
them all and returns [bits found, start ms, end ms]. Bits: 1 flock on a file of the
shared image, 2 abstract unix socket, 4 SysV shared memory, 8 /dev/shm.
`talk("both", s)` runs both in one sandbox, where every channel must work.
"""

import ctypes
import fcntl
import os
import socket
import time

SHARED = os.__file__  # a read-only file every container of the image shares
NAME = b"\0pyjudge-row47"
KEY = 0x4747
PATTERN = b"1011001110001111"
libc = ctypes.CDLL(None, use_errno=True)
libc.shmat.restype = ctypes.c_void_p


def send(hold_s):
    held = open(SHARED, "rb")  # noqa: SIM115 - held open while the lock is held
    fcntl.flock(held, fcntl.LOCK_EX)
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(NAME)
    server.listen(8)
    shm = libc.shmget(KEY, 4096, 0o1666)
    if shm >= 0:
        address = libc.shmat(shm, None, 0)
        ctypes.memmove(address, PATTERN, len(PATTERN))
    with open("/dev/shm/row47", "wb") as out:
        out.write(PATTERN)
    server.settimeout(0.05)
    started = int(time.time() * 1000)
    deadline = time.monotonic() + hold_s
    while time.monotonic() < deadline:
        try:
            peer, _ = server.accept()
            peer.sendall(PATTERN)
            peer.close()
        except OSError:
            pass
    return [0, started, int(time.time() * 1000)]


def receive(listen_s):
    found = 0
    started = int(time.time() * 1000)
    deadline = time.monotonic() + listen_s
    while time.monotonic() < deadline and found != 15:
        with open(SHARED, "rb") as probe:
            try:
                fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                found |= 1
        client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            client.connect(NAME)
            if client.recv(64) == PATTERN:
                found |= 2
        except OSError:
            pass
        client.close()
        shm = libc.shmget(KEY, 4096, 0)
        if shm >= 0:
            address = libc.shmat(shm, None, 0o10000)
            if (
                address not in (None, ctypes.c_void_p(-1).value)
                and ctypes.string_at(address, len(PATTERN)) == PATTERN
            ):
                found |= 4
        try:
            with open("/dev/shm/row47", "rb") as handle:
                if handle.read() == PATTERN:
                    found |= 8
        except OSError:
            pass
        time.sleep(0.02)
    return [found, started, int(time.time() * 1000)]


def talk(role, seconds):
    if role == "send":
        return send(seconds)
    if role == "receive":
        return receive(seconds)
    # Control: sender and receiver in one sandbox, where the channels must work.
    child = os.fork()
    if child == 0:
        send(seconds)
        os._exit(0)
    time.sleep(0.3)
    heard = receive(seconds - 0.5)
    os.waitpid(child, 0)
    return heard
