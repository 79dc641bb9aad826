"""{item}/@lock: the item's lock collection."""
