# The exporter image: the NativeAOT executable (scripts/publish-native.sh) on the runtime-dependencies image, no .NET
# runtime inside; runs as a non-root user.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# NativeAOT links with clang and zlib.
RUN apt-get update && apt-get install -y --no-install-recommends clang zlib1g-dev && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/ src/
COPY scripts/publish-native.sh scripts/
RUN scripts/publish-native.sh /app

FROM mcr.microsoft.com/dotnet/runtime-deps:10.0 AS runtime
WORKDIR /app
COPY --from=build /app/exporter ./
# The image's built-in unprivileged user.
USER $APP_UID
EXPOSE 9187
ENTRYPOINT ["/app/exporter"]
CMD ["run", "--config", "/etc/exporter/exporter.yaml"]
