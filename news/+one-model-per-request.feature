Lock checks cost less per request: one request reads an item's locks through
one model (kept in the request's scope), and the add-on reads annotations
of content, the site root and requests without an adapter lookup (on a
Dexterity item a lookup works out its schema's and behaviors' interfaces
each time, and cost more than the lock check itself). A content ``PATCH``
with its lock's token now does less lock work than stock Plone's, which
reads Zope's lock mapping for plone.restapi's own check.
