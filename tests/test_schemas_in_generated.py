"""What issue 13's schema kinds become, used for real: the corpus specs `discriminator` and
`openapi_31_features` are generated, and their clients call a server on 127.0.0.1 that answers
with canned JSON; what comes back is the parsed result.

A discriminated union picks the option its property names (by `mapping`, and by schema name),
keeps a response whose value it does not know (as the first option it fits, with its fields),
and refuses such a value in a request. A recursive oneOf parses all the way down; a `const` is a
`Literal` that still keeps a value the spec does not name in a response.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from codecheck import build
from conftest import padded_package

from generator import write

SPECS = Path(__file__).parent / "specs"

# Runs in a subprocess with the generated package's folder first on sys.path: serves the canned
# answers on 127.0.0.1, calls the client, prints what it got as JSON.
_SCRIPT = textwrap.dedent(
    r"""
    import importlib, json, sys, threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    sys.path.insert(0, sys.argv[1])
    package = importlib.import_module(sys.argv[2])
    api = importlib.import_module(sys.argv[2] + ".api")
    models = importlib.import_module(sys.argv[2] + ".models")
    answers = json.loads(sys.argv[3])
    received = []

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def _answer(self):
            length = int(self.headers.get("Content-Length") or 0)
            received.append(json.loads(self.rfile.read(length)) if length else None)
            body = json.dumps(answers[self.path]).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = _answer

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    client = package.Client(base_url=f"http://127.0.0.1:{server.server_port}", access_token="t")

    def shown(value):
        if isinstance(value, list):
            return [shown(v) for v in value]
        if hasattr(value, "to_dict"):
            return {"class": type(value).__name__, **{
                k: shown(getattr(value, k)) for k in type(value).model_fields
                if getattr(value, k) is not None}, **(value.model_extra or {})}
        return value

    results = {}
    try:
        exec(sys.argv[4], {"api": api.DefaultApi(client), "models": models, "results": results,
                           "shown": shown})
    finally:
        client.close()
        server.shutdown()
    results["received"] = received
    print(json.dumps(results))
    """
)


def _run(spec: str, tmp_path: Path, answers: dict[str, object], calls: str) -> dict[str, object]:
    package = padded_package("schemas_" + spec)
    built = build(SPECS / f"{spec}.yaml", package)
    assert built.files is not None, built.diagnostics
    folder = tmp_path / spec
    write.write_tree(built.files, folder)
    completed = subprocess.run(
        [sys.executable, "-c", _SCRIPT, str(folder), package, json.dumps(answers), calls],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout.splitlines()[-1])  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def pets(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    calls = textwrap.dedent(
        """
        results["cat"] = shown(api.add_pet(models.Cat(pet_type="cat", lives=9)))
        results["shelter"] = shown(api.get_shelter())
        try:
            api.add_pet({"petType": "fish"})
        except Exception as error:
            results["refused"] = type(error).__name__ + ": " + str(error)
        """
    )
    answers = {
        "/pets": {"petType": "gecko", "scales": 40},
        "/shelters": {
            "residents": [
                {"petType": "Dog", "owner": "ann"},
                {"petType": "Cat", "lives": 3},
                {"petType": "Unicorn", "horn": 1},
            ],
        },
    }
    return _run("discriminator", tmp_path_factory.mktemp("pets"), answers, calls)


def test_a_mapping_value_picks_its_option(pets: dict[str, object]) -> None:
    # 'gecko' is mapped to Lizard: not the first option that fits (every option would).
    assert pets["cat"] == {"class": "Lizard", "pet_type": "gecko", "scales": 40}


def test_the_schema_name_picks_its_option_and_an_unknown_value_is_kept(
    pets: dict[str, object],
) -> None:
    assert pets["shelter"] == {
        "class": "Shelter",
        "residents": [
            {"class": "Dog", "owner": "ann", "pet_type": "Dog"},
            {"class": "Cat", "lives": 3, "pet_type": "Cat"},
            {"class": "Cat", "pet_type": "Unicorn", "horn": 1},
        ],
    }


def test_the_model_sent_is_the_one_given_and_an_unknown_value_is_refused_in_a_request(
    pets: dict[str, object],
) -> None:
    assert pets["received"][0] == {"petType": "cat", "lives": 9}  # type: ignore[index]
    assert "petType" in str(pets["refused"]) and "'gecko'" in str(pets["refused"])
    assert len(pets["received"]) == 2  # type: ignore[arg-type]  # the refused one was not sent


def test_recursion_through_one_of_and_const(tmp_path: Path) -> None:
    calls = textwrap.dedent(
        """
        results["node"] = shown(api.get_node())
        results["event"] = shown(api.get_event())
        results["text"] = shown(models.Text(type="text", text="hi"))
        try:
            models.Text(type="image")
        except Exception as error:
            results["refused"] = type(error).__name__
        """
    )
    answers = {
        "/nodes": {
            "children": [
                {"type": "text", "text": "a"},
                {"children": [{"type": "text", "text": "b"}], "style": {"color": None}},
            ]
        },
        "/events": {"kind": "other", "level": 2, "usage": {"tokens": 7}, "note": None},
    }
    found = _run("openapi_31_features", tmp_path, answers, calls)
    assert found["node"] == {
        "class": "Frame",
        "children": [
            {"class": "Text", "text": "a", "type": "text"},
            {
                "class": "Frame",
                "children": [{"class": "Text", "text": "b", "type": "text"}],
                "style": {"class": "FrameDefsStyle"},
            },
        ],
    }
    # A const the server does not keep to is still read (as an unknown enum value is).
    assert found["event"] == {
        "class": "GetEventResponse",
        "kind": "other",
        "level": 2,
        "usage": {"class": "Usage", "tokens": 7},
    }
    assert found["text"] == {"class": "Text", "text": "hi", "type": "text"}
    assert found["refused"] == "ValidationError"
