"""The container's attach stream: stdin out, multiplexed stdout/stderr in, under host deadlines.

Reading goes through select() on the raw socket so that every wait ends at a
deadline of the host's choosing, and every byte is counted against a cap before
it is kept.
"""

from __future__ import annotations

import contextlib
import select
import socket
import struct
import time
from typing import cast

from sandbox.errors import Closed, Deadline, OutputExceeded

STDOUT, STDERR = 1, 2
HEADER = struct.Struct(">BxxxL")


class AttachStream:
    def __init__(self, attached: object, *, record_bytes: int, stream_bytes: int, raw_bytes: int):
        # docker-py hands back a SocketIO wrapper for unix sockets; select needs the socket.
        self._sock = cast(socket.socket, getattr(attached, "_sock", attached))
        # Non-blocking, so that no send or receive can wait past a host deadline: a
        # container that stops reading its input must not hold the host in sendall().
        self._sock.setblocking(False)
        self._frames = bytearray()
        self._lines = bytearray()
        self._record_bytes = record_bytes
        self._stream_bytes = stream_bytes
        self._raw_bytes = raw_bytes
        self.received = 0
        self.stderr_size = 0
        self.stderr_head = bytearray()  # the first few KiB, for diagnostics

    def limit(self, *, record_bytes: int, stream_bytes: int, raw_bytes: int) -> None:
        """The caps of the job about to run (a warm container is attached before its job)."""
        self._record_bytes = record_bytes
        self._stream_bytes = stream_bytes
        self._raw_bytes = raw_bytes

    def quiet(self) -> bool:
        """Nothing waits to be read. A warm harness sends nothing until its job arrives,
        so anything readable, end of stream included, means the container died."""
        if self._lines or self._frames:
            return False
        try:
            readable, _, _ = select.select([self._sock], [], [], 0)
        except (OSError, ValueError):
            return False
        return not readable

    def send(self, data: bytes, deadline: float) -> None:
        """Write all of ``data`` by ``deadline``, or raise Deadline."""
        view = memoryview(data)
        while view:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise Deadline
            try:
                _, writable, _ = select.select([], [self._sock], [], remaining)
                if not writable:
                    raise Deadline
                view = view[self._sock.send(view[: 1 << 16]) :]
            except BlockingIOError:
                continue
            except (OSError, ValueError) as exc:
                raise Closed(f"the container stopped reading its input ({exc})") from None

    def read_line(self, deadline: float) -> bytes:
        """The next stdout line, without its newline."""
        while True:
            end = self._lines.find(b"\n")
            if end >= 0:
                line = bytes(self._lines[:end])
                del self._lines[: end + 1]
                return line
            if len(self._lines) > self._record_bytes:
                raise OutputExceeded(f"a record is larger than {self._record_bytes} bytes")
            self._receive(deadline)

    def finish(self, timeout: float, max_bytes: int = 1 << 20) -> bool:
        """End the container's input and wait until it closes its output; True if it did.

        A harness that reads end of input exits by itself, and a container that has
        exited is cheaper for the engine to remove than a running one it must kill.
        What still arrives is discarded, up to ``max_bytes``.
        """
        with contextlib.suppress(OSError):
            self._sock.shutdown(socket.SHUT_WR)
        deadline = time.monotonic() + timeout
        discarded = 0
        while discarded <= max_bytes:
            remaining = deadline - time.monotonic()
            try:
                readable, _, _ = select.select([self._sock], [], [], max(remaining, 0))
                if not readable:
                    return False
                chunk = self._sock.recv(1 << 16)
            except BlockingIOError:
                continue
            except (OSError, ValueError):
                return False
            if not chunk:
                return True
            discarded += len(chunk)
        return False

    def interrupt(self) -> None:
        """Wake whoever waits on this stream (another thread): its read or write ends as
        Closed. The socket stays open, so its number cannot be reused meanwhile."""
        with contextlib.suppress(OSError):
            self._sock.shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        # shutdown, not just close: docker-py's response keeps a makefile() reference,
        # and while the fd stays open dockerd can block writing to it, hanging removal.
        with contextlib.suppress(OSError):
            self._sock.shutdown(socket.SHUT_RDWR)
        with contextlib.suppress(OSError):
            self._sock.close()

    def _receive(self, deadline: float) -> None:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise Deadline
        readable, _, _ = select.select([self._sock], [], [], remaining)
        if not readable:
            raise Deadline
        try:
            chunk = self._sock.recv(1 << 16)
        except BlockingIOError:
            return
        except OSError:
            chunk = b""
        if not chunk:
            raise Closed("the container closed its output")
        self.received += len(chunk)
        if self.received > self._stream_bytes:
            raise OutputExceeded(f"the container sent more than {self._stream_bytes} bytes")
        self._frames += chunk
        self._split_frames()

    def _split_frames(self) -> None:
        while len(self._frames) >= HEADER.size:
            kind, size = HEADER.unpack_from(self._frames)
            if len(self._frames) < HEADER.size + size:
                return
            payload = bytes(self._frames[HEADER.size : HEADER.size + size])
            del self._frames[: HEADER.size + size]
            if kind == STDOUT:
                self._lines += payload
            else:
                self.stderr_size += len(payload)
                self.stderr_head += payload[: max(0, 4096 - len(self.stderr_head))]
                if self.stderr_size > self._raw_bytes:
                    raise OutputExceeded(
                        f"the solution wrote more than {self._raw_bytes} bytes to stderr or fd 1"
                    )
