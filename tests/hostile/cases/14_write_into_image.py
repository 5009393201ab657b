# row: 14
# expect: wrong_answer
# why: the root filesystem is read-only
import glob


def f(x):
    for path in glob.glob("/usr/lib/python3*/os.py") + ["/usr/bin/python3"]:
        try:
            open(path, "a").write("# planted")
            return x + 1000000
        except OSError:
            pass
    return -1
