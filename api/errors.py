"""One error shape for every 4xx and 5xx: {"error": {"status", "code", "message", "field"}}.

The OpenAPI schema says so too: routes list their codes with ``documented(...)``, and
``install`` rewrites what FastAPI generates by itself (a 422 in its own validation
shape, which this API never answers) into the real shape.

``ApiError``, like the service's other exceptions, derives from
``judge.errors.JudgeError``, the program's one root; judge/errors.py says why there
rather than under a root of the service's own.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.schemas import ErrorBody, ErrorResponse
from judge.errors import JudgeError


class ApiError(JudgeError):
    """An answer other than 2xx, in the one error shape (a JudgeError: see judge/errors.py)."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        field: str | None = None,
        headers: dict[str, str] | None = None,
    ):
        super().__init__(message)
        self.body = ErrorBody(status=status, code=code, message=message, field=field)
        self.headers = headers


def error_response(error: ApiError) -> JSONResponse:
    return JSONResponse(
        ErrorResponse(error=error.body).model_dump(),
        status_code=error.body.status,
        headers=error.headers,
    )


@dataclass(frozen=True)
class Code:
    status: int
    when: str  # the OpenAPI description's words
    example: str  # a message as the API words it
    field: str | None = None


# Every error code a route declares, for the OpenAPI schema (docs/api.md, "Errors").
CODES: dict[str, Code] = {
    "invalid_body": Code(
        400,
        "a body JSON cannot parse: nested too deep, or a number too large",
        "the body could not be parsed as JSON (malformed, nested too deep, or a number too large)",
    ),
    "unauthorized": Code(
        401,
        "keys exist and the request sent none, or an unknown or revoked one",
        "unknown or revoked API key",
    ),
    "forbidden": Code(
        403,
        "the key is valid but not an admin key (`judge keys create NAME --admin`)",
        "rejudging needs an admin key",
    ),
    "problem_not_found": Code(404, "no such problem", "no problem 'nope'", "problem_id"),
    "rejudge_not_found": Code(
        404, "no such rejudge of this problem", "no rejudge 7 of 'can_shift'"
    ),
    "submission_not_found": Code(
        404,
        "no such submission (or another key's)",
        "no submission '0f1e2d3c4b5a69788796a5b4c3d2e1f0'",
    ),
    "run_not_found": Code(
        404, "no such run (or another key's)", "no run '0f1e2d3c4b5a69788796a5b4c3d2e1f0'"
    ),
    "source_too_large": Code(
        413, "a source over 64 KiB", "source is 70000 bytes; the limit is 65536", "source"
    ),
    "body_too_large": Code(413, "a body over 2 MiB", "the body exceeds 2097152 bytes"),
    "invalid_request": Code(
        422,
        "wrong types, missing or unknown fields, an empty source, a body that is not UTF-8 "
        "JSON, bad query values, a bad batch size or bad run arguments; `field` names it",
        "source: String should have at least 1 character",
        "source",
    ),
    "callback_refused": Code(
        422,
        "a callback_url the operator does not allow (webhooks are off by default)",
        "hooks.example.com is not an allowed webhook host",
        "callback_url",
    ),
    "rate_limited": Code(
        429,
        "the key's (or address's) token bucket is empty; `Retry-After` says when to retry",
        "too many requests; retry in 1 s",
    ),
    "too_many_pending": Code(
        429,
        "the key has too many submissions queued or running; `Retry-After` is set",
        "you have 100 submissions waiting (limit 100)",
    ),
    "queue_full": Code(
        503,
        "too many submissions queued in all; `Retry-After` is set",
        "the judge has 1000 submissions waiting; retry later",
    ),
    "database_unavailable": Code(
        503,
        "the database is locked, full or unreachable; nothing was stored; `Retry-After` is set",
        "the database is unavailable (locked or full); nothing was stored, retry shortly",
    ),
}
ERROR_REF = "#/components/schemas/ErrorResponse"


def _content(codes: list[str]) -> tuple[str, dict[str, Any]]:
    """One status's description and examples, one example per code."""
    description = "; ".join(f"`{code}`: {CODES[code].when}" for code in codes)
    examples = {
        code: {
            "summary": code,
            "value": {
                "error": {
                    "status": CODES[code].status,
                    "code": code,
                    "message": CODES[code].example,
                    "field": CODES[code].field,
                }
            },
        }
        for code in codes
    }
    return description, examples


def _by_status(codes: tuple[str, ...]) -> dict[int, list[str]]:
    grouped: dict[int, list[str]] = {}
    for code in codes:
        grouped.setdefault(CODES[code].status, []).append(code)
    return grouped


def documented(*codes: str) -> dict[int | str, dict[str, Any]]:
    """A route's ``responses=`` for the error codes it can answer: per status the
    ErrorResponse model, the codes and when each happens, and an example of each."""
    responses: dict[int | str, dict[str, Any]] = {}
    for status, group in _by_status(codes).items():
        description, examples = _content(group)
        responses[status] = {
            "model": ErrorResponse,
            "description": description,
            "content": {"application/json": {"examples": examples}},
        }
    return responses


def _add(operation: dict[str, Any], *codes: str) -> None:
    """Adds codes to an operation's documented responses (kept once; idempotent)."""
    responses = operation.setdefault("responses", {})
    for status, group in _by_status(codes).items():
        entry = responses.setdefault(str(status), {})
        media = entry.setdefault("content", {}).setdefault("application/json", {})
        media["schema"] = {"$ref": ERROR_REF}
        examples = media.setdefault("examples", {})
        new = [code for code in group if code not in examples]
        if not new:
            continue
        description, more = _content(new)
        examples.update(more)
        known = entry.get("description", "")
        entry["description"] = f"{known}; {description}" if "`" in known else description


def _validated(operation: dict[str, Any]) -> bool:
    """Whether request validation can refuse this operation: it has a body, a required
    query or header parameter, or a parameter that is more than a free string."""
    if "requestBody" in operation:
        return True
    for parameter in operation.get("parameters", []):
        if parameter.get("in") != "path" and parameter.get("required"):
            return True
        schema = parameter.get("schema", {})
        for option in schema.get("anyOf", [schema]):
            limits = {"minLength", "maxLength", "pattern", "format", "enum", "const"}
            if option.get("type") not in ("string", "null") or limits & set(option):
                return True
    return False


def document_errors(schema: dict[str, Any]) -> dict[str, Any]:
    """Makes the generated schema tell the truth about errors, in place (idempotent):
    FastAPI's own 422 (HTTPValidationError, a shape this API never answers) becomes
    ``invalid_request`` in the real shape, or goes where nothing can fail validation
    (``GET /problems/{id}`` answers 404, not 422); every operation that takes a key
    lists 401, and every one with a body lists 400, 413 and 422 (the body's parsing,
    api.app's body limit and its validation)."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    if "ErrorResponse" not in components:
        model = ErrorResponse.model_json_schema(ref_template="#/components/schemas/{model}")
        components.update(model.pop("$defs", {}))
        components["ErrorResponse"] = model
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.get("responses", {})
            default = responses.get("422", {}).get("content", {}).get("application/json", {})
            if default.get("schema", {}).get("$ref", "").endswith("/HTTPValidationError"):
                del responses["422"]
                if _validated(operation):
                    _add(operation, "invalid_request")
            if any("bearerAuth" in requirement for requirement in operation.get("security", [])):
                _add(operation, "unauthorized")
            if "requestBody" in operation:
                _add(operation, "invalid_body", "body_too_large", "invalid_request")
            for response in responses.values():
                examples = response.get("content", {}).get("application/json", {})
                for example in examples.get("examples", {}).values():
                    error = example.get("value", {}).get("error")
                    if isinstance(error, dict):
                        # FastAPI drops nulls from the schema; the API sends them.
                        error.setdefault("field", None)
    if '/HTTPValidationError"' not in json.dumps(schema.get("paths", {})):
        for name in ("HTTPValidationError", "ValidationError"):
            components.pop(name, None)
    return schema


def install(app: FastAPI) -> None:
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        return document_errors(generate())

    app.openapi = openapi  # type: ignore[method-assign]

    @app.exception_handler(ApiError)
    async def api_error(_: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc)

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0]
        location = [str(part) for part in first.get("loc", ())]
        if location and location[0] in ("body", "query", "path", "header"):
            location = location[1:]
        field = ".".join(location) or None
        message = first.get("msg", "invalid request")
        if first.get("type") == "json_invalid":
            message = "the body is not valid JSON (it must be UTF-8 JSON)"
        elif field:
            message = f"{field}: {message}"
        return error_response(ApiError(422, "invalid_request", message, field))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        codes = {404: "not_found", 405: "method_not_allowed", 401: "unauthorized"}
        code = codes.get(exc.status_code, "http_error")
        message = exc.detail if isinstance(exc.detail, str) else "request failed"
        if exc.status_code == 404 and message == "Not Found":
            message = "no such route"
        if exc.status_code == 400 and message.startswith("There was an error parsing the body"):
            code = "invalid_body"
            message = (
                "the body could not be parsed as JSON "
                "(malformed, nested too deep, or a number too large)"
            )
        headers = dict(exc.headers) if exc.headers else None
        return error_response(ApiError(exc.status_code, code, message, headers=headers))

    @app.exception_handler(OperationalError)
    async def database_down(_: Request, exc: OperationalError) -> JSONResponse:
        message = "the database is unavailable (locked or full); nothing was stored, retry shortly"
        return error_response(
            ApiError(503, "database_unavailable", message, headers={"Retry-After": "5"})
        )

    @app.exception_handler(Exception)
    async def crashed(_: Request, exc: Exception) -> JSONResponse:
        return error_response(
            ApiError(500, "internal_error", f"the server failed: {type(exc).__name__}")
        )
