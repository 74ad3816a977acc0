"""Templates marked `preformatted` skip black, so they must already be exactly what black makes
of them, for any spec: the committed one and one whose names, URLs and titles are long and odd."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from generator import fmt, ir, load, normalize, render

SPEC = Path(__file__).resolve().parent.parent / "specs" / "genesys-cloud-scim.yaml"
PREFORMATTED = [f for f in render.OUTPUT_FILES if f.preformatted]


def _apis() -> list[object]:
    spec = load.load(str(SPEC))
    api, _ = normalize.normalize(spec, normalize.Settings())
    odd = dataclasses.replace(
        api,
        title='A "very" long title with \\ backslashes, {{ braces }} and ünïcode ' * 3,
        spec_version="2026.11.27-rc.1+build.7 " * 4,
        package="a_rather_long_package_name_for_a_scim_client_that_goes_on_and_on",
        distribution="a-rather-long-distribution-name-for-a-scim-client-that-goes-on",
        package_version="10.20.30.dev40+local.version.label",
        server_url="https://api.a-very-long-region-name.example.com/with/a/long/base/path/v2",
    )
    return [api, odd]


@pytest.mark.parametrize("api", _apis(), ids=["committed spec", "long and odd values"])
def test_preformatted_templates_are_black_stable(api: ir.Api) -> None:
    assert PREFORMATTED, "no template is marked preformatted"
    files = render.render(api, render.make_environment())
    for output in PREFORMATTED:
        path = output.path.format(package=api.package)
        assert fmt.format_chunk(files[path]) == files[path], path


def test_black_formats_every_other_python_file() -> None:
    is_formatted = render.python_paths("pkg")
    for output in render.OUTPUT_FILES:
        path = output.path.format(package="pkg", service="X")
        assert is_formatted(path) == (output.python and not output.preformatted), path
