# One image, two roles (see docs/DEPLOY.md):
#   API (default CMD):  uvicorn api.main:app on ${PORT:-8000}
#   worker:             python worker_service.py
# No secrets in here: every setting arrives as an environment variable at run time.
FROM python:3.11.14-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# OCR language data for scanned and photographed reports (tesserocr bundles the engine itself).
RUN apt-get update \
 && apt-get install -y --no-install-recommends tesseract-ocr-eng tesseract-ocr-osd tesseract-ocr-chi-sim \
      tesseract-ocr-spa tesseract-ocr-por tesseract-ocr-fra tesseract-ocr-ita tesseract-ocr-deu \
      tesseract-ocr-ind tesseract-ocr-msa tesseract-ocr-nld tesseract-ocr-pol tesseract-ocr-tur tesseract-ocr-ces \
      tesseract-ocr-ron tesseract-ocr-swe tesseract-ocr-dan tesseract-ocr-nor tesseract-ocr-rus tesseract-ocr-vie \
 && rm -rf /var/lib/apt/lists/*

# Dependencies first, in their own layer: a code change does not reinstall them.
COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt

# An unprivileged user; the code stays root-owned, so the service cannot rewrite it.
RUN groupadd --system --gid 10001 bta \
 && useradd --system --uid 10001 --gid bta --home-dir /home/bta --create-home --shell /usr/sbin/nologin bta

COPY api/ api/
COPY shared/ shared/
COPY worker_service.py ./
# Bytecode compiled at build time: the code is read-only to the service user.
RUN python -m compileall -q api shared worker_service.py

USER bta

EXPOSE 8000

# Liveness of the API (/health does no I/O). The worker has no HTTP port: compose
# disables this check for it; with plain `docker run`, pass --no-healthcheck.
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
    CMD python -c "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/health' % os.environ.get('PORT', '8000'), timeout=4)" || exit 1

# `exec` makes uvicorn the container's main process, so it receives SIGTERM itself.
CMD ["sh", "-c", "exec uvicorn api.main:app --host 0.0.0.0 --port ${PORT:-8000}"]
