def find_bigrams(text):
    words = text.lower().split()
    return [(first, second) for first, second in zip(words, words[1:])]
