# syntax=docker/dockerfile:1
# cruddur in a container, for docker-compose bootstrap (the `setup` service in
# docker-compose.yml) and CI steps that run images.
#
#   docker build -t cruddur .
#   docker run --rm cruddur --help
#
# The build stage compiles the portable binary with scripts/build-wheel (zig,
# glibc 2.17): the same binary as the wheel, so it also runs when copied into
# an older image such as the app's python:3.10-slim-buster backend.
# The final image holds glibc, CA certificates for AWS's endpoints, a non-root
# user and the binary: nothing else.

FROM rust:1.95-slim-bookworm AS build
RUN apt-get update \
    && apt-get install -y --no-install-recommends python3 python3-venv binutils \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target,sharing=locked \
    target="$(uname -m)-unknown-linux-gnu" \
    && scripts/build-wheel --target "$target" \
    && install -D -m 0755 "target/$target/release/cruddur" /out/cruddur

# distroless/cc: glibc, libgcc, CA certificates and a "nonroot" user (uid and gid 65532), no shell.
FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=build /out/cruddur /usr/local/bin/cruddur
USER 65532:65532
ENTRYPOINT ["/usr/local/bin/cruddur"]
CMD ["--help"]
