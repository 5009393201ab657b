"""Counts into a list indexed by label, sized for 0..1000: a negative label wraps to the end."""


def balanced_class_weights(y: list[int]) -> dict[str, float]:
    counts = [0] * 1001
    for label in y:
        counts[label] += 1
    present = {label: c for label, c in enumerate(counts) if c}
    return {str(label): len(y) / (len(present) * c) for label, c in present.items()}
