# row: 52
# expect: time_limit_exceeded
# why: GIL-free hashing in 8 threads is still one CPU and one host timer
import hashlib
import threading


def burn():
    data = b"x" * 10**6
    while True:
        hashlib.sha256(data).digest()


def f(x):
    for _ in range(8):
        threading.Thread(target=burn, daemon=True).start()
    burn()
