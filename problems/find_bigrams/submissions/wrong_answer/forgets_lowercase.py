def find_bigrams(text):
    words = text.split()
    return list(zip(words, words[1:]))
