"""Splits on each single whitespace character, so a run of several leaves empty words."""
import re


def find_bigrams(text: str) -> list[tuple[str, str]]:
    words = re.split(r"\s", text.lower().strip())
    return list(zip(words, words[1:])) if len(words) > 1 else []
