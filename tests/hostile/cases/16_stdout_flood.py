# row: 16
# expect: output_limit_exceeded
# why: captured print output is capped
def f(x):
    while True:
        print("A" * 10**6)
