"""Drive a command through a real pseudo-terminal, as a person at a keyboard would.

usage: pty_drive.py STEPS_JSON CMD [ARGS...]
STEPS_JSON is a list of {"expect": regex, "send": keys}; each waits for the regex in the screen
output (ANSI codes stripped) that arrived since the previous step, then types the keys. Prints the
transcript and exits with the child's exit code (128 + signal when killed).
"""

import json
import os
import pty
import re
import select
import sys
import time

ANSI = re.compile(rb"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][A-Za-z0-9]|\x1b[=>]")


def main() -> int:
    steps = json.loads(sys.argv[1])
    argv = sys.argv[2:]
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(argv[0], argv)
    seen = b""
    transcript = b""

    def pump(timeout: float) -> bool:
        nonlocal seen, transcript
        ready, _, _ = select.select([fd], [], [], timeout)
        if not ready:
            return True
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            return False
        if not chunk:
            return False
        transcript += chunk
        seen += ANSI.sub(b"", chunk)
        return True

    for step in steps:
        pattern = re.compile(step["expect"].encode())
        deadline = time.time() + step.get("timeout", 20)
        while not pattern.search(seen):
            if time.time() > deadline or not pump(0.2):
                sys.stdout.write(ANSI.sub(b"", transcript).decode(errors="replace"))
                sys.stdout.write(f"\n[pty_drive] never saw {step['expect']!r}\n")
                os.kill(pid, 9)
                os.waitpid(pid, 0)
                return 99
        seen = b""
        time.sleep(0.15)
        os.write(fd, step["send"].encode())
    deadline = time.time() + 60
    while time.time() < deadline and pump(0.2):
        pass
    _, status = os.waitpid(pid, 0)
    sys.stdout.write(ANSI.sub(b"", transcript).decode(errors="replace"))
    if os.WIFSIGNALED(status):
        return 128 + os.WTERMSIG(status)
    return os.WEXITSTATUS(status)


if __name__ == "__main__":
    sys.exit(main())
