"""One error shape for every 4xx and 5xx: {"error": {"status", "code", "message", "field"}}."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.schemas import ErrorBody, ErrorResponse


class ApiError(Exception):
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


def install(app: FastAPI) -> None:
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
        return error_response(ApiError(exc.status_code, code, message, headers=exc.headers))

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
