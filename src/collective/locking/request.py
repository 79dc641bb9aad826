"""What a request says about locks (HTTP headers), kept in one place."""

import re


# WebDAV writes tokens as "<opaquelocktoken:...>"; plone.restapi clients send
# them bare. Several tokens are separated by commas.
_WRAPPING = re.compile(r"^<?(?:opaquelocktoken:)?(?P<token>[^<>]*?)>?$")


def request_tokens(request):
    """The lock tokens a request carries in its ``Lock-Token`` header."""
    if request is None:
        return []
    header = request.getHeader("Lock-Token", "") or ""
    tokens = []
    for part in header.split(","):
        match = _WRAPPING.match(part.strip())
        if match and match.group("token"):
            tokens.append(match.group("token"))
    return tokens
