"""`/docs`: Swagger UI for the OpenAPI schema, under a strict Content-Security-Policy.

FastAPI's own page loads Swagger UI from a CDN at a floating version (`swagger-ui-dist@5`)
with an inline script and no CSP, so whatever the CDN serves runs with this origin's rights
(the page a user types an API key into). Here the version is pinned and each CDN file
carries its Subresource Integrity hash (the browser refuses a file that differs), the page
has no inline script (the initialiser is `/docs/init.js`, from this origin), and the CSP
allows scripts and styles only from this origin and that CDN. No Python package ships a
Swagger UI recent enough for OpenAPI 3.1, so the files are not self-hosted.

To move to another Swagger UI version: `npm pack swagger-ui-dist@<version>`, then
`openssl dgst -sha384 -binary package/<file> | openssl base64 -A` for both files.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

router = APIRouter(include_in_schema=False)

SWAGGER_UI_VERSION = "5.35.0"
_CDN = f"https://cdn.jsdelivr.net/npm/swagger-ui-dist@{SWAGGER_UI_VERSION}"
SWAGGER_JS = (f"{_CDN}/swagger-ui-bundle.js", "sha384-gjRm0bEPMeTmMh5jT2cHccIwCUZSTd8YC+j0d0sXw0MdGEfScduGpSyF3ZSSLkX9")
SWAGGER_CSS = (f"{_CDN}/swagger-ui.css", "sha384-WlYgdmXYOOBWL5apwjDEZwN+U3HmXSSu5R6V5aGxEcf7z+KuRNwBhoxKVN1i3D5I")

# Checked in headless Chromium with the CDN mapped to a local copy of the npm package: the page
# renders, operations expand and "Try it out" works with no CSP violation.
CSP = ("default-src 'none'; script-src 'self' https://cdn.jsdelivr.net; "
       "style-src 'self' https://cdn.jsdelivr.net; img-src 'self' data:; font-src 'self' data:; "
       "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")  # fmt: skip
_HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
            "X-Frame-Options": "DENY", "Cache-Control": "no-cache"}  # fmt: skip

_PAGE = f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Blood Test Report Analyzer - API</title>
<link rel="icon" href="/favicon.ico">
<link rel="stylesheet" href="{SWAGGER_CSS[0]}" integrity="{SWAGGER_CSS[1]}" crossorigin="anonymous">
</head>
<body>
<div id="swagger-ui"></div>
<script src="{SWAGGER_JS[0]}" integrity="{SWAGGER_JS[1]}" crossorigin="anonymous"></script>
<script src="/docs/init.js"></script>
</body>
</html>
"""

_INIT = """window.ui = SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#swagger-ui",
  layout: "BaseLayout",
  deepLinking: true,
  showExtensions: true,
  showCommonExtensions: true,
  validatorUrl: null,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
});
"""


@router.get("/docs")
async def docs() -> HTMLResponse:
    return HTMLResponse(_PAGE, headers=_HEADERS)


@router.get("/docs/init.js")
async def docs_init() -> Response:
    return Response(_INIT, media_type="text/javascript; charset=utf-8", headers=_HEADERS)
