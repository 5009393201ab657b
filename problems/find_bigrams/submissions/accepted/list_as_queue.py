# Takes words off the front of a list as from a queue: each pop(0) shifts every
# remaining word, so O(words^2) moves, though each one is a cheap memmove.
def find_bigrams(text):
    words = text.lower().split()
    pairs = []
    while len(words) > 1:
        first = words.pop(0)
        pairs.append((first, words[0]))
    return pairs
