# Re-splits the whole text for every pair: O(words x characters).
def find_bigrams(text):
    result = []
    for i in range(len(text.split()) - 1):
        words = text.lower().split()
        result.append((words[i], words[i + 1]))
    return result
