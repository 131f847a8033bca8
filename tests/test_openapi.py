"""The OpenAPI document at /docs: every model has an example, every route is described."""

from __future__ import annotations

from api.main import create_app
from shared.settings import Settings


def test_every_model_has_an_example() -> None:
    schema = create_app(Settings(redis_url=None, log_level="WARNING")).openapi()
    components = schema["components"]["schemas"]
    models = {name: model for name, model in components.items() if "enum" not in model}  # enums list their values
    missing = [name for name, model in models.items() if "examples" not in model and "example" not in model]
    assert missing == [], f"models without an example: {missing}"
    for path, operations in schema["paths"].items():
        for method, op in operations.items():
            assert op.get("summary"), f"{method.upper()} {path} has no summary"


def test_upload_form_is_documented() -> None:
    schema = create_app(Settings(redis_url=None, log_level="WARNING")).openapi()
    form = schema["paths"]["/analyze-async"]["post"]["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert form["required"] == ["file"] and set(form["properties"]) == {"file", "query", "priority", "callback_url",
                                                                    "patient_reference"}
