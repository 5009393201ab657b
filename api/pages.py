"""The solver's page (`/`, `/p/{id}`) and the offline API docs (`/docs`), as HTML.

The static parts (problem list, statement, signature, limits, samples) are rendered
here, so the page paints before any script runs; api/web/static/app.js then calls the
JSON API with the browser's key for what depends on the caller (solved marks,
runs, submissions, history). The editor and Swagger UI come from
api/web/static/vendor/, which scripts/build-assets fills from npm at build time:
nothing is loaded from a CDN.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin

from api.context import Service, service
from judge.problem import Problem

WEB = Path(__file__).with_name("web")
STATIC = WEB / "static"
VENDOR = STATIC / "vendor"
BUILD_HINT = "bash scripts/build-assets"
EDITOR_URL = "/static/vendor/editor.js"
DIFFICULTIES = ("easy", "medium", "hard")

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=WEB / "templates")
Svc = Annotated[Service, Depends(service)]


def _markdown() -> MarkdownIt:
    # Raw HTML off: a statement is Markdown, and nothing in it should run in the page.
    # $...$ math is kept as its TeX source in a styled span (readable, no math library);
    # no digits right after `$`, so "costs $5 or $6" stays text.
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    return md.use(dollarmath_plugin, allow_digits=False)


MARKDOWN = _markdown()


@lru_cache(maxsize=256)
def _statement_html(problem_id: str, content_hash: str, statement: str) -> str:
    """Rendered once per problem version. The statement's leading `# Title` is dropped:
    the page shows the title itself, with the difficulty and tags beside it."""
    lines = statement.lstrip().splitlines()
    if lines and lines[0].startswith("# "):
        lines = lines[1:]
    return MARKDOWN.render("\n".join(lines))


def assets_built() -> bool:
    """Checked per request (a stat), so assets built while the service runs are used."""
    return (VENDOR / "editor.js").is_file() and (VENDOR / "swagger-ui-bundle.js").is_file()


def py_literal(value: Any) -> str:
    """A JSON value as Python writes it (True, None), like app.js's py(): the statements
    speak Python."""
    if value is None or isinstance(value, bool):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(py_literal(item) for item in value) + "]"
    if isinstance(value, dict):
        pairs = (f"{json.dumps(key)}: {py_literal(item)}" for key, item in value.items())
        return "{" + ", ".join(pairs) + "}"
    return json.dumps(value)


def _item(problem: Problem) -> dict[str, Any]:
    meta = problem.meta
    return {
        "id": problem.id,
        "title": meta.title,
        "difficulty": meta.difficulty.value,
        "tags": meta.tags,
    }


def _matches(item: dict[str, Any], text: str, difficulty: str, tag: str) -> bool:
    """The same rule as app.js's live filter, so the form also works without scripts."""
    haystack = " ".join([item["id"], item["title"], *item["tags"]]).lower()
    return (
        (not text or text.lower() in haystack)
        and (not difficulty or item["difficulty"] == difficulty)
        and (not tag or tag in item["tags"])
    )


def _page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    return templates.TemplateResponse(
        request,
        template,
        {"assets_built": assets_built(), "build_hint": BUILD_HINT, **context},
        status_code=status,
    )


@router.get("/", response_class=HTMLResponse)
def problem_list(
    request: Request,
    svc: Svc,
    q: Annotated[str, Query(max_length=200)] = "",
    difficulty: Annotated[str, Query(max_length=20)] = "",
    tag: Annotated[str, Query(max_length=100)] = "",
) -> HTMLResponse:
    items = [_item(p) for p in svc.problems.all()]
    order = {name: index for index, name in enumerate(DIFFICULTIES)}
    items.sort(key=lambda item: (order.get(item["difficulty"], 9), item["title"].lower()))
    for item in items:
        item["shown"] = _matches(item, q, difficulty, tag)
    tags = sorted({t for item in items for t in item["tags"]})
    return _page(
        request,
        "index.html",
        problems=items,
        shown=sum(item["shown"] for item in items),
        tags=tags,
        difficulties=DIFFICULTIES,
        q=q,
        difficulty=difficulty,
        tag=tag,
    )


@router.get("/p/{problem_id}", response_class=HTMLResponse)
def problem_page(request: Request, problem_id: str, svc: Svc) -> HTMLResponse:
    problem = svc.problems.get(problem_id)
    if problem is None:
        return _page(request, "missing.html", status=404, problem_id=problem_id)
    meta = problem.meta
    stub = f"{meta.function.render()}\n    pass\n"
    samples = [
        {
            "id": case.id,
            "input": {name: py_literal(value) for name, value in case.args.items()},
            "expected": py_literal(case.expected),
        }
        for case in problem.samples
    ]
    return _page(
        request,
        "problem.html",
        problem=_item(problem),
        statement=_statement_html(problem.id, problem.content_hash, problem.statement),
        signature=meta.function.render(),
        limits=meta.limits,
        checker=meta.checker,
        samples=samples,
        # For app.js: the problem, its stub, and the editor's bundle (loaded after the
        # first paint; the textarea holds the text until then, or for good if unbuilt).
        page_data={
            "id": problem.id,
            "stub": stub,
            "ladder": meta.complexity is not None,
            "editor": EDITOR_URL if assets_built() else None,
        },
    )


@router.get("/docs", response_class=HTMLResponse)
def swagger_ui(request: Request) -> HTMLResponse:
    """Swagger UI from the vendored swagger-ui-dist files; FastAPI's default loads a CDN."""
    if not assets_built():
        return _page(request, "no_assets.html", status=503, what="The API docs")
    return get_swagger_ui_html(
        openapi_url=request.app.openapi_url or "/openapi.json",
        title=f"{request.app.title} — API docs",
        swagger_js_url="/static/vendor/swagger-ui-bundle.js",
        swagger_css_url="/static/vendor/swagger-ui.css",
        swagger_favicon_url="/static/favicon.svg",
        swagger_ui_parameters={"persistAuthorization": True},
    )
