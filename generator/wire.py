"""What a spec may put on the wire: request paths, the server URL, parameter names.

The generated client appends an operation's path to its base URL and sends parameter names as
they are, so these are checked before any code is generated: a path that does not start with
`/` (`.evil.example/x`, `@evil.example/x`, `:8443/x`) would send the request, and its bearer
token, to another host; a CR/LF in a header name would add a header of the spec's choosing. The
normalizer turns each problem into a diagnostic at the node.

Imports: nothing from the rest of the generator.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

# RFC 3986: a path segment's characters (pchar) and '/'; templates `{name}` are checked apart.
_PATH_CHARACTERS = re.compile(r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-Fa-f]{2})*")
_TEMPLATE = re.compile(r"\{[^{}/]*\}")
_HOST = re.compile(
    r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*"
)
_SERVER_VARIABLE = re.compile(r"\{([^{}]*)\}")
# RFC 9110 section 5.1: a field name is a token.
_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class RequestTarget:
    """What a path key sends: the path, and a fixed query some specs write into the key
    (`/responses?beta=true`); a fragment (`/token#refresh`, used to give one path two
    operations of a verb) is never sent."""

    path: str
    query: tuple[tuple[str, str], ...]
    fragment: str
    query_text: str


def request_target(key: str) -> RequestTarget:
    rest, _, fragment = key.partition("#")
    path, _, query = rest.partition("?")
    return RequestTarget(path, tuple(parse_qsl(query, keep_blank_values=True)), fragment, query)


def query_problem(query: str) -> str | None:
    """Why the query of a path key cannot be sent as it is, or None."""
    if _TEMPLATE.search(query):
        return "the query in a path key cannot hold {templates}: declare query parameters instead"
    if not _PATH_CHARACTERS.fullmatch(query.replace("?", "")):
        bad = next((c for c in query if not _PATH_CHARACTERS.fullmatch(c) and c not in "%?"), "%")
        return f"the query in a path key may hold only URL characters (RFC 3986); found {bad!r}"
    return None


def path_problem(path: str) -> str | None:
    """Why a path key cannot be the path of a request, or None."""
    if not path.startswith("/"):
        return (
            "a path must start with '/': the client appends it to the server URL, and this one "
            "would change the host (or port) the request and its bearer token go to"
        )
    if path.startswith("//"):
        return "a path must not start with '//' (URL parsers read what follows as a host)"
    plain = _TEMPLATE.sub("x", path)
    if not _PATH_CHARACTERS.fullmatch(plain):
        bad = next((c for c in plain if not _PATH_CHARACTERS.fullmatch(c) and c != "%"), "%")
        return (
            f"a path may hold only URL path characters (RFC 3986) and {{templates}}; found "
            f"{bad!r} (percent-encode it)"
        )
    for segment in plain.split("/"):
        if re.sub("%2[eE]", ".", segment) in (".", ".."):
            return "a path must not hold '.' or '..' segments (they climb out of the server URL)"
    return None


_MEDIA_TYPE = re.compile(
    r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+/[!#$%&'*+\-.^_`|~0-9A-Za-z]+(?:\s*;[\x20-\x7e\t]*)?"
)


def media_type_problem(media_type: str) -> str | None:
    """Why a request body's media type cannot be its Content-Type header, or None."""
    if _MEDIA_TYPE.fullmatch(media_type):
        return None
    return (
        f"media type {media_type!r} is not a type/subtype (RFC 9110 section 8.3.1); it cannot "
        "be sent as the Content-Type header"
    )


def name_problem(name: str, location: str) -> str | None:
    """Why a parameter's name cannot be sent as it is, or None: the client sends it verbatim as a
    header name, a query key or a path template's name."""
    if not name:
        return "a parameter needs a name"
    control = _CONTROL.search(name)
    if control is not None:
        return (
            f"parameter name {name!r} holds the control character {control[0]!r}, which cannot "
            "be sent (in a header, a line break would add a header of the spec's choosing)"
        )
    if location == "header" and not _TOKEN.fullmatch(name):
        bad = next(c for c in name if not _TOKEN.fullmatch(c))
        return (
            f"header name {name!r} holds {bad!r}: a header name is letters, digits and "
            "!#$%&'*+-.^_`|~ only (RFC 9110)"
        )
    return None


def server_url(url: str, defaults: Mapping[str, object]) -> tuple[str, str | None]:
    """`url` with its variables' `defaults` put in and no final '/', and why it cannot be the
    client's base URL (None if it can). A relative URL (`/`, `/api`) gives no base URL: where it
    is relative to is not known."""

    def value(match: re.Match[str]) -> str:
        default = defaults.get(match[1])
        return default if isinstance(default, str) else match[0]

    url = _SERVER_VARIABLE.sub(value, url).rstrip("/")
    if url == "":
        return "", None
    undeclared = _SERVER_VARIABLE.search(url)
    if undeclared is not None:
        return url, f"variable {undeclared[1]!r} has no declared default"
    return url, _url_problem(url)


def _url_problem(url: str) -> str | None:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        return f"it is not a valid URL ({error})"
    if parts.scheme not in ("https", "http"):
        return "only http and https URLs with a host name can be a base URL"
    if "@" in parts.netloc:
        return "it holds a user name or password (userinfo), which would be sent to the server"
    host = parts.hostname or ""
    if not (_HOST.fullmatch(host) or _is_ipv6(host)):
        return "it has no valid host name"
    if port == 0:
        return "its port is out of range"
    if parts.query or parts.fragment or "?" in url or "#" in url:
        return "a base URL cannot have a query or a fragment"
    if not _PATH_CHARACTERS.fullmatch(parts.path):
        return "its path holds characters a URL path cannot (percent-encode them)"
    return None


def _is_ipv6(host: str) -> bool:
    try:
        ipaddress.IPv6Address(host)
    except ValueError:
        return False
    return True


def without_password(url: str) -> str:
    """`url` with its userinfo masked, for messages: a spec's password is never repeated."""
    return re.sub(r"(?<=//)[^/@]*@", "***@", url)
