# row: 44
# expect: wrong_answer
# why: the host never reads container paths; a symlink in /tmp reaches nothing
import os


def f(x):
    try:
        os.symlink("/etc/shadow", "/tmp/result.json")
        open("/tmp/result.json").read()
        return x + 1000000
    except OSError:
        return -1
