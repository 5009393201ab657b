r"""Splits with re.split(r"\s+"), which keeps an empty word for whitespace at either end."""
import re


def find_bigrams(text: str) -> list[tuple[str, str]]:
    words = re.split(r"\s+", text.lower())
    return list(zip(words, words[1:]))
