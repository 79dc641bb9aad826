Lock checks cost less per request: one request reads an item's locks
through one model, kept in the request's scope until the request ends, which
keeps the live locks and its last answer while they stay as they are; the
add-on reads annotations of content and the site root without an adapter
lookup (on a Dexterity item a lookup works out the interfaces of its schema
and behaviors each time, and cost more than the lock check itself). Measured
one request at a time against stock plone.restapi, a content ``PATCH`` with
its lock's token went from 0.955x to about 0.99x, ``GET @lock`` of an
unlocked item to 1.02x. See "Where the time goes" in the benchmarks page.
