# row: 66
# expect: output_limit_exceeded
# why: class 5, host amplification: a binary tree 16 levels over chains 80 deep (97 levels, under the 100 allowed) is 11 MB of JSON and 5 million lists on the host; the answer bound of an int return trips first
def f(x):
    chain = []
    for _ in range(80):
        chain = [chain]
    tree = chain
    for _ in range(16):
        tree = [tree, tree]
    if x == 1:
        return tree
    return -1
