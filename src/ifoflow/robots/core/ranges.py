"""Items that are ranges of ids ("first-last"): a robot that works through many rows a chunk at a time keys each item
by the ids it covered when the run was listed, and its step finds the rows of that range that still need work."""


def id_ranges(ids: list[int], size: int) -> list[str]:
    """The ids (ascending) in chunks of `size`, each as "first-last"."""
    return [f"{part[0]}-{part[-1]}" for part in (ids[i:i + size] for i in range(0, len(ids), size))]


def in_range(item: str, ids: list[int]) -> list[int]:
    """The ids that lie within the item's "first-last"."""
    first, last = (int(x) for x in item.split("-"))
    return [i for i in ids if first <= i <= last]
