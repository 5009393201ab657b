"""Sorts the bigrams for a tidy result, losing the order in which they appear."""


def find_bigrams(text: str) -> list[tuple[str, str]]:
    words = text.lower().split()
    return sorted(zip(words, words[1:]))
