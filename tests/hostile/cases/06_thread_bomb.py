# row: 6
# expect: runtime_error
# why: thread creation fails at the pids limit and the error escapes
import threading
import time


def f(x):
    while True:
        threading.Thread(target=time.sleep, args=(100,), daemon=True).start()
