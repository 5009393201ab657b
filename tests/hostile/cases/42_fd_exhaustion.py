# row: 42
# expect: runtime_error
# why: EMFILE at nofile=64, uncaught
def f(x):
    files = []
    while True:
        files.append(open("/dev/null"))
