"""split(" ") keeps empty strings for runs of spaces and never splits on tabs or newlines."""


def find_bigrams(text):
    words = text.lower().split(" ")
    return list(zip(words, words[1:]))
