# ifoflow's container image: docs/operations.md. Build: docker build -t ifoflow:0.1.0 .
# Two stages: packages are built where build tools exist; the final image has Python, ifoflow, the OCR tools and
# the fonts the letters need, and nothing to compile with. It runs as an unprivileged user.
FROM python:3.11-slim-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends build-essential \
    && rm -rf /var/lib/apt/lists/*
RUN python -m venv /opt/ifoflow
COPY pyproject.toml README.md /src/
COPY src /src/src
RUN /opt/ifoflow/bin/pip install --no-cache-dir /src

FROM python:3.11-slim-bookworm
# Tesseract with Swedish and Ghostscript for the scanning robot; Pango and fonts for the reports (WeasyPrint).
RUN apt-get update && apt-get install -y --no-install-recommends \
        tesseract-ocr tesseract-ocr-swe ghostscript libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --create-home --home-dir /var/lib/ifoflow ifoflow
COPY --from=build /opt/ifoflow /opt/ifoflow
ENV PATH=/opt/ifoflow/bin:$PATH \
    IFOFLOW_DATA_DIR=/var/lib/ifoflow \
    IFOFLOW_HOST=0.0.0.0 \
    IFOFLOW_LOG_FORMAT=json \
    PYTHONUNBUFFERED=1
USER ifoflow
WORKDIR /var/lib/ifoflow
VOLUME /var/lib/ifoflow
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
    CMD python -c "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=4).status != 200)"
CMD ["ifoflow", "serve", "--workers", "2"]
