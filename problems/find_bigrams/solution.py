import itertools


def find_bigrams(text: str) -> list[tuple[str, str]]:
    words = text.lower().split()
    return list(itertools.pairwise(words))
