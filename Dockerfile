# syntax=docker/dockerfile:1
# reportbot: a static binary, the corpus inside it, and a prebuilt offline
# index, on a minimal image, run as a non-root user.

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/reportbot . \
 && DATA_DIR=/out/index /out/reportbot ingest

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/reportbot /usr/local/bin/reportbot
COPY --from=build --chown=nonroot:nonroot /out/index /app/index
ENV INDEX_SEED_DIR=/app/index \
    DATA_DIR=/data \
    PORT=8080 \
    LOG_LEVEL=info
EXPOSE 8080
USER nonroot:nonroot
ENTRYPOINT ["/usr/local/bin/reportbot"]
CMD ["serve"]
