"""``request.request_tokens``: the tokens a request carries, as plone.restapi
clients send them (bare) and as WebDAV writes them."""

from collective.locking.request import header_token
from collective.locking.request import request_tokens
from ZPublisher.HTTPRequest import HTTPRequest
from ZPublisher.HTTPResponse import HTTPResponse

import io
import pytest


def new_request(**headers):
    environ = {"SERVER_NAME": "localhost", "SERVER_PORT": "80", "REQUEST_METHOD": "PATCH"}
    environ.update({f"HTTP_{name.upper()}": value for name, value in headers.items()})
    return HTTPRequest(io.BytesIO(), environ, HTTPResponse())


@pytest.mark.parametrize(
    "part, token",
    [
        ("abc.DEF-12_x", "abc.DEF-12_x"),
        ("  abc  ", "abc"),
        ("<opaquelocktoken:abc>", "abc"),
        ("opaquelocktoken:abc", "abc"),
        ("<abc>", "abc"),
        ("<abc", "abc"),
        ("abc>", "abc"),
        # plone.locking's tokens have colons of their own
        ("0.52-0.94-00105A:1796599882.327", "0.52-0.94-00105A:1796599882.327"),
        ("<opaquelocktoken:opaquelocktoken:x>", "opaquelocktoken:x"),
        ("", None),
        ("<>", None),
        ("<opaquelocktoken:>", None),
        ("a<b", None),
        ("abc>>", None),
        ("<<abc>", None),
    ],
)
def test_one_header_entry(part, token):
    assert header_token(part) == token


def test_no_headers_no_tokens():
    assert request_tokens(new_request()) == []
    assert request_tokens(None) == []


def test_several_tokens_in_one_header_in_order():
    request = new_request(lock_token="first, <opaquelocktoken:second>,, <>,third")
    assert request_tokens(request) == ["first", "second", "third"]


def test_webdav_if_header_state_tokens_follow_lock_token_ones():
    request = new_request(
        lock_token="bare",
        **{"if": "<http://x/page> (<opaquelocktoken:one>) (Not <opaquelocktoken:two>)"},
    )
    assert request_tokens(request) == ["bare", "one", "two"]
