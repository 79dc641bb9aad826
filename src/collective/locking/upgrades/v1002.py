"""1001 -> 1002: the site-wide index points at the items' lock tables
instead of copying their locks (a lock change writes nothing else)."""

from collective.locking.upgrades.v1001 import rebuild_index


def upgrade(context):
    rebuild_index(context)
