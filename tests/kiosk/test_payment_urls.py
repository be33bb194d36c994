"""Which payment pages a QR may show (kiosk.payment_urls): only https URLs under a configured provider
prefix, matched on the parsed URL; near misses (look-alike hosts, user info, dot segments, encoded
slashes, whitespace and control characters, other schemes and ports) never pass, also when generated."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from kiosk.payment_urls import (
    SANDBOX_PREFIX,
    effective_prefixes,
    parse_prefixes,
    payment_url_allowed,
    prefixes_problem,
    refusal_reason,
    safe_host,
)

PREFIX = "https://pay.example/"
COURT = "https://pay.example/court/"


@pytest.mark.parametrize("url", [
    "https://pay.example/",
    "https://pay.example/p/abc-123",
    "https://PAY.example/p/abc",  # host names are case-insensitive
    "https://pay.example:443/p/abc",
    "https://pay.example/p/abc?amount=2300&sig=ab%20cd#top",
    "https://pay.example",  # no path: the root
])
def test_urls_under_the_prefix_are_allowed(url):
    assert payment_url_allowed(url, [PREFIX])


@pytest.mark.parametrize("url, reason", [
    ("https://pay.example.evil.com/", "not_listed"),
    ("https://pay.example@evil/", "userinfo"),
    ("https://user:pw@pay.example/", "userinfo"),
    ("https://pay.example/../x", "path"),
    ("https://pay.example/p/./x", "path"),
    ("https://pay.example/p/%2e%2e/x", "path"),
    ("https://pay.example/p%2fx", "path"),
    ("https://pay.example//evil.com/x", "path"),
    ("http://pay.example/", "scheme"),
    ("javascript:alert(1)", "scheme"),
    ("//pay.example/", "scheme"),
    ("https:pay.example/", "scheme"),
    ("https://pay.example:8443/", "not_listed"),
    ("https://pay.example:0x1bb/", "unparsable"),
    ("https://evil.pay.example/", "not_listed"),
    ("https://pay.examp1e/", "not_listed"),
    ("https://pay.exаmple/", "characters"),  # a Cyrillic а
    ("https://pay.example/ p", "characters"),
    ("https://pay.example/\tp", "characters"),
    ("https://pay.example/p\n", "characters"),
    ("https://pay.example\\@evil/", "characters"),
    ("https://pay.example./", "host"),
    ("https://[::1]/", "host"),
    ("", "empty"),
    ("https://pay.example/" + "a" * 3000, "too_long"),
])
def test_near_misses_are_refused_with_a_reason(url, reason):
    assert not payment_url_allowed(url, [PREFIX])
    assert refusal_reason(url, [PREFIX]) == reason


def test_the_path_matches_on_a_segment_boundary():
    for prefix in (COURT, "https://pay.example/court"):
        assert payment_url_allowed("https://pay.example/court/x", [prefix])
        assert not payment_url_allowed("https://pay.example/courtx", [prefix])
        assert not payment_url_allowed("https://pay.example/other/x", [prefix])
    assert payment_url_allowed("https://pay.example/court", ["https://pay.example/court"])
    assert not payment_url_allowed("https://pay.example/court", [COURT])  # the prefix is the folder


def test_no_prefixes_allow_nothing_and_a_malformed_prefix_allows_nothing():
    assert refusal_reason("https://pay.example/", []) == "no_prefixes"
    assert not payment_url_allowed("https://pay.example/x", ["https://user@pay.example/"])
    assert not payment_url_allowed("https://pay.example/x", ["http://pay.example/"])
    assert payment_url_allowed("https://b.example/x", ["https://user@pay.example/", "https://b.example/"])


def test_config_values():
    assert parse_prefixes(" https://a.example/ , ,https://b.example/x/") == ("https://a.example/",
                                                                            "https://b.example/x/")
    assert prefixes_problem("") is None and prefixes_problem("https://a.example/, https://b.example/x") is None
    for bad in ("http://a.example/", "https://a.example/?x=1", "https://u@a.example/", "pay.example/",
                "https://a.example/#f"):
        assert prefixes_problem(f"https://ok.example/,{bad}") is not None, bad
    assert effective_prefixes("", "demo") == (SANDBOX_PREFIX,)
    assert effective_prefixes("", "production") == ()
    assert effective_prefixes("https://a.example/", "demo") == ("https://a.example/",)


def test_the_sandbox_prefix_is_the_sandboxs_payment_page():
    from court_sandbox.store import PAYMENT_PAGE

    url = PAYMENT_PAGE.format(payment_id="0f0e0d0c-0000-4000-8000-000000000000")
    assert payment_url_allowed(url, effective_prefixes("", "demo"))


def test_safe_host_is_short_and_plain():
    assert safe_host("https://Pay.Example:443/p?x") == "pay.example"
    assert safe_host("not a url") == "?" and safe_host("https://[::1/") == "?"
    assert len(safe_host("https://" + "a" * 300 + ".example/")) == 64


# -- generated near misses ------------------------------------------------------------------------

SPACES = [" ", "\u00a0", "\u3000", "\u2028"]
BACKSLASH = "\\"
_SEGMENT = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_~", min_size=1, max_size=12)


@st.composite
def near_misses(draw):
    """A URL that looks like one under https://pay.example/court/ but is not."""
    tail = "/".join(draw(st.lists(_SEGMENT, min_size=0, max_size=3)))
    kind = draw(st.sampled_from([
        "suffix_host", "prefix_host", "userinfo", "dots", "encoded", "scheme", "port", "sibling",
        "space", "control", "backslash", "unicode", "empty_segment",
    ]))
    label = draw(_SEGMENT)
    if kind == "suffix_host":
        return f"https://pay.example.{label}.com/court/{tail}"
    if kind == "prefix_host":
        return f"https://{label}pay.example/court/{tail}"
    if kind == "userinfo":
        return f"https://pay.example{draw(st.sampled_from(['', ':x']))}@{label}.example/court/{tail}"
    if kind == "dots":
        return f"https://pay.example/court/{draw(st.sampled_from(['..', '.']))}/{tail}"
    if kind == "encoded":
        return f"https://pay.example/court/{draw(st.sampled_from(['%2e%2e', '%2E.', '%2f', '%5C', '%00']))}{tail}"
    if kind == "scheme":
        return f"{draw(st.sampled_from(['http', 'ftp', 'data', 'javascript', 'httpss', 'http s']))}://pay.example/court/{tail}"
    if kind == "port":
        return f"https://pay.example:{draw(st.integers(min_value=1, max_value=65535).filter(lambda p: p != 443))}/court/{tail}"
    if kind == "sibling":
        return f"https://pay.example/court{label}/{tail}"
    if kind == "space":
        space = draw(st.sampled_from(SPACES))
        return f"https://pay.example/court/{tail}{space}x"
    if kind == "control":
        char = chr(draw(st.one_of(st.integers(0, 0x1f), st.just(0x7f))))
        return f"https://pay.example/court/{label}{char}{tail}"
    if kind == "backslash":
        return "https://pay.example" + BACKSLASH + f"@{label}.example/court/{tail}"
    if kind == "unicode":
        return f"https://pay.ex{draw(st.sampled_from(['а', 'ａ', 'à']))}mple/court/{tail}"
    return f"https://pay.example/court//{label}"


@settings(max_examples=400, deadline=None)
@given(near_misses())
@example("https://pay.example.evil.com/court/")
@example("https://pay.example@evil/court/")
@example("https://pay.example/court/../x")
def test_generated_near_misses_never_match(url):
    assert not payment_url_allowed(url, [COURT])


@settings(max_examples=200, deadline=None)
@given(st.lists(_SEGMENT, min_size=0, max_size=5), st.sampled_from(["", "?a=1", "#x", "?a=%20b"]))
def test_generated_urls_under_the_prefix_match(segments, suffix):
    assert payment_url_allowed("https://pay.example/court/" + "/".join(segments) + suffix, [COURT])


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_arbitrary_text_never_raises_and_never_matches_outside(text):
    url = "https://pay.example/court/" + text
    allowed = payment_url_allowed(url, [COURT])
    if allowed:  # whatever was appended stays printable ASCII on the same host, under the folder
        from urllib.parse import urlsplit

        parts = urlsplit(url)
        assert all(0x21 <= ord(ch) <= 0x7e for ch in url) and BACKSLASH not in url
        assert parts.hostname == "pay.example" and parts.port is None and parts.path.startswith("/court/")
    assert isinstance(payment_url_allowed(text, [COURT]), bool)
