"""The exclusion rules between locks, on plain lock records.

Kept apart from the model so that the lock table's conflict resolution,
which runs without a site or a request, applies the very same rules.
"""


def overlaps(first_fragments, second_fragments):
    """Whether two locks, given by their fragments (empty: the whole item),
    may not exist side by side."""
    if not first_fragments or not second_fragments:
        return True  # a resource lock excludes every other lock
    return bool(set(first_fragments) & set(second_fragments))


def table_conflicts(records):
    """Whether any two of these lock records may not coexist."""
    records = list(records)
    for index, first in enumerate(records):
        for second in records[index + 1 :]:
            if overlaps(first["fragments"], second["fragments"]):
                return True
    return False
