# row: 50
# expect: time_limit_exceeded
# why: module code runs in the container under the start-up limit
while True:
    pass
