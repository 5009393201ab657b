"""Writes the secret cases of find_bigrams: `python generator.py [OUT_DIR]`.

OUT_DIR defaults to tests/secret next to this file, whatever the current directory.

Deterministic: a fixed seed, and expected answers from solution.py.
"""

import json
import random
import sys
from pathlib import Path
from typing import Any

from solution import find_bigrams

SEED = 1123
MAX_LEN = 200000
VOCABULARY = [
    "the",
    "model",
    "data",
    "Data",
    "DATA",
    "train",
    "test",
    "split",
    "loss",
    "gradient",
    "feature",
    "label",
    "bias",
    "variance",
    "overfit,",
    "underfit.",
    "precision",
    "recall",
    "f1",
    "ROC-AUC",
    "(auc)",
    "k-means",
    "PCA",
    "kNN!",
    "SGD?",
    "learning_rate=0.01",
    "epochs:",
    "batch",
    '"quoted"',
    "it's",
    "e.g.",
    "3.14",
    "42",
    "#tag",
    "@user",
]
SEPARATORS = [" ", " ", " ", "  ", "\t", "\n", " \n ", "\r\n", "\t \t"]


def text_of(rng: random.Random, words: int) -> str:
    parts = []
    for _ in range(words):
        parts.append(rng.choice(VOCABULARY))
        parts.append(rng.choice(SEPARATORS))
    return "".join(parts)


def large_text(rng: random.Random) -> str:
    text = text_of(rng, MAX_LEN // 6)
    return text[:MAX_LEN]


def padded_runs(rng: random.Random) -> str:
    """Whitespace runs of every kind between words and at both ends."""
    runs = ["  ", "\t\t", "\n\n", "\r\r", " \t\r\n "]
    parts = [rng.choice(runs)]
    while sum(map(len, parts)) < MAX_LEN - 100:
        parts.append(rng.choice(VOCABULARY))
        parts.append(rng.choice(runs))
    return "".join(parts)


def cases(rng: random.Random) -> dict[str, tuple[str, str]]:
    return {
        "01_empty": ("", "no words at all"),
        "02_only_whitespace": (" \t\n\r\n  ", "whitespace only"),
        "03_one_word": ("Regression", "one word has no bigram"),
        "04_one_word_padded": ("  Regression \n", "one word with whitespace around"),
        "05_two_words": ("Hello World", "exactly one bigram"),
        "06_multiple_spaces": ("deep    learning   models", "runs of spaces"),
        "07_tabs": ("deep\tlearning\t\tmodels", "tabs between words"),
        "08_newlines": ("line one\nline two\n\nline three", "newlines between words"),
        "09_carriage_returns": ("windows\r\nline\r\nendings", "CRLF between words"),
        "10_leading_trailing": ("\t  start middle end  \n", "whitespace at both ends"),
        "11_mixed_case": ("ThE MoDeL tHe model", "case folds to lower"),
        "12_all_caps": ("ALL CAPS TEXT HERE", "upper case only"),
        "13_punctuation": ("Hi, there! How's it going? (fine.)", "punctuation stays attached"),
        "14_punctuation_only_words": ("- -- ... !", "words made of punctuation"),
        "15_repeated_bigram": ("to be or not to be to be", "a bigram repeated three times"),
        "16_same_word_repeated": ("na na na na", "one word repeated"),
        "17_digits": ("version 2 of 3.0 beats 1", "numbers are words"),
        "18_random_small_1": (text_of(rng, 12), "random short text"),
        "19_random_small_2": (text_of(rng, 30), "random short text"),
        "20_random_medium": (text_of(rng, 500), "random text of 500 words"),
        "21_large_text": (large_text(rng), "maximum length, many repeats"),
        "22_large_single_word": ("x" * MAX_LEN, "maximum length, one word"),
        "23_large_many_spaces": (("a" + " " * 99) * (MAX_LEN // 100), "mostly whitespace"),
        "24_lone_carriage_returns": ("alpha\rbeta\r\rgamma", "CR alone separates words"),
        "25_single_tab": ("feature\tlabel", "one tab, no space"),
        "26_two_words_padded": (" \tHello World\n", "whitespace at both ends, one bigram"),
        "27_not_alphabetical": ("zeta alpha mu beta", "order of appearance, not sorted"),
        "28_large_padded_runs": (padded_runs(rng), "maximum length, runs and ends of whitespace"),
    }


def ladder(n: int, rng: random.Random) -> dict[str, Any]:
    """A text of n words for the complexity estimate (docs/complexity.md): n is the word count."""
    return {"text": text_of(rng, n)}


def main() -> None:
    # By default next to this file, whatever the current directory.
    here = Path(__file__).resolve().parent
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else here / "tests" / "secret"
    out.mkdir(parents=True, exist_ok=True)
    for name, (text, description) in cases(random.Random(SEED)).items():
        expected = [list(pair) for pair in find_bigrams(text)]
        case = {"args": {"text": text}, "expected": expected, "description": description}
        (out / f"{name}.json").write_text(json.dumps(case) + "\n")


if __name__ == "__main__":
    main()
