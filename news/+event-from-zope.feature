Lock events say where a change came from: ``event.from_zope`` is true when
Zope's own locks made it (a WebDAV ``LOCK``, ``UNLOCK`` or refresh, the ZMI)
and the model took it in. The Zope (WebDAV) lock of a resource lock now
follows the model's events, as the site-wide index and the history do.
