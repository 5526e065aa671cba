"""Helpers that docs_runner.py and docs_bunq.py run as child processes (not a test module).

    python3 doc_shell.py lo-up-exec PROGRAM ARGS...
        Inside a fresh network namespace (`unshare -n`): bring the loopback interface up,
        then exec PROGRAM. The documented commands then reach 127.0.0.1 (the emulator)
        and nothing else, so no command in the docs can ever talk to the real bunq.

    python3 doc_shell.py pty-yes TRANSCRIPT PROGRAM ARGS...
        Run PROGRAM on a pseudo-terminal, as a person at a terminal would, and type `yes`
        when `cardpolicy apply` asks. Writes everything the terminal showed to TRANSCRIPT
        and exits with PROGRAM's exit code, or 97 when the prompt never came (the docs
        promise one), or 98 when PROGRAM did not finish in time.
"""
import fcntl
import os
import pty
import select
import signal
import socket
import struct
import sys
import time

PROMPT = b"Only 'yes' will be accepted:"
PTY_TIMEOUT_SECONDS = 90

SIOCGIFFLAGS = 0x8913
SIOCSIFFLAGS = 0x8914
IFF_UP = 0x1


def loopback_up():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        request = struct.pack("16sH22x", b"lo", 0)          # struct ifreq: name, flags, padding to 40 bytes
        flags = struct.unpack("16sH22x", fcntl.ioctl(sock, SIOCGIFFLAGS, request))[1]
        fcntl.ioctl(sock, SIOCSIFFLAGS, struct.pack("16sH22x", b"lo", flags | IFF_UP))


def pty_yes(transcript_path, argv):
    pid, fd = pty.fork()
    if pid == 0:
        try:
            os.execvp(argv[0], argv)
        finally:
            os._exit(127)
    seen = b""
    answered = False
    deadline = time.monotonic() + PTY_TIMEOUT_SECONDS
    timed_out = False
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            timed_out = True
            os.kill(pid, signal.SIGKILL)
            break
        ready, _, _ = select.select([fd], [], [], min(left, 1.0))
        if not ready:
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:           # EIO: the child closed the terminal
            break
        if not chunk:
            break
        seen += chunk
        if not answered and PROMPT in seen:
            os.write(fd, b"yes\n")
            answered = True
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    with open(transcript_path, "wb") as out:
        out.write(seen)
        if timed_out:
            out.write(b"\n[docs test] killed after %d s\n" % PTY_TIMEOUT_SECONDS)
        elif not answered:
            out.write(b"\n[docs test] the command never asked for 'yes'\n")
    if timed_out:
        return 98
    if not answered:
        return 97
    return os.waitstatus_to_exitcode(status)


def main():
    mode, rest = sys.argv[1], sys.argv[2:]
    if mode == "lo-up-exec":
        loopback_up()
        os.execvp(rest[0], rest)
    if mode == "pty-yes":
        sys.exit(pty_yes(rest[0], rest[1:]))
    sys.exit(f"doc_shell.py: unknown mode {mode}")


if __name__ == "__main__":
    main()
