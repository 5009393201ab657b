"""Forgets to lowercase the text, so "Data" and "data" stay different words."""


def find_bigrams(text):
    words = text.split()
    return list(zip(words, words[1:]))
