"""Robot items that stand for a range of row ids ("first-last"), so a chunk's content is fixed when a run starts."""


def range_keys(ids: list[int], size: int) -> list[str]:
    """Keys for consecutive runs of `size` ids from an ordered list."""
    return [f"{ids[i]}-{ids[min(i + size, len(ids)) - 1]}" for i in range(0, len(ids), size)]


def bounds(key: str) -> tuple[int, int]:
    first, last = key.split("-")
    return int(first), int(last)
