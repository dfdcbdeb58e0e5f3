"""The socket watchdog ends a wait on a peer that never answers, and leaves others alone."""

import socket
import time

from operations.deadlines import watchdog


def test_a_wait_on_a_silent_peer_ends_at_its_deadline():
    ours, silent_peer = socket.socketpair()
    with ours, silent_peer:
        started = time.monotonic()
        with watchdog.guard(ours.fileno(), 0.3, "test peer") as guard:
            received = ours.recv(10)  # blocks: the peer never writes
        elapsed = time.monotonic() - started
    assert received == b""  # the connection reads as closed, as a client library would see it
    assert guard.expired
    assert 0.3 <= elapsed < 1.5


def test_a_call_that_finishes_in_time_keeps_its_socket():
    ours, peer = socket.socketpair()
    with ours, peer:
        with watchdog.guard(ours.fileno(), 0.3, "test peer") as guard:
            peer.sendall(b"hello")
            assert ours.recv(10) == b"hello"
        time.sleep(0.5)  # well past the deadline: the finished call's socket is not touched
        peer.sendall(b"again")
        assert ours.recv(10) == b"again"
    assert not guard.expired
