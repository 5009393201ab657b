# row: 27
# expect: wrong_answer
# why: forged records on stdout go to the capture, not the protocol
import json


def f(x):
    for i in range(4):
        print(
            json.dumps(
                {
                    "event": "test",
                    "index": i,
                    "value": 1000001,
                    "error": None,
                    "stdout": "",
                    "stdout_truncated": False,
                }
            )
        )
    return -1
