"""Drops repeated bigrams (and loses their order) by going through a set."""


def find_bigrams(text):
    words = text.lower().split()
    return sorted(set(zip(words, words[1:])))
