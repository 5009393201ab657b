"""Separates words on spaces only, so tabs, newlines and carriage returns stay inside words."""


def find_bigrams(text: str) -> list[tuple[str, str]]:
    words = [w for w in text.lower().split(" ") if w]
    return list(zip(words, words[1:]))
