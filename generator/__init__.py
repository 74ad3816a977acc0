"""scimgen: turn an OpenAPI description of the Genesys Cloud SCIM API into a typed Python client.

The pipeline, one module per stage, data flowing one way:

    cli -> config (settings) -> pipeline:
        load (bytes -> openapi-pydantic document) -> normalize (-> ir.Api)
        -> render (ir.Api -> {path: source}) -> fmt (black, through manifest.OutputCache)
        -> write (atomic replace, or the diff for `check`)

`pipeline.py` strings the stages together; nothing else imports more than one stage.
"""

__version__ = "0.1.0"
