def find_bigrams(text):
    words = text.lower().split()
    pairs = []
    for i in range(len(words) - 1):
        pairs.append([words[i], words[i + 1]])
    return pairs
