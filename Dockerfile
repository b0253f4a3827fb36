# The exporter image: multi-stage (SDK to build, ASP.NET runtime to run), runs as a non-root user.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/Exporter/Exporter.csproj src/Exporter/
COPY src/Exporter.Demo/Exporter.Demo.csproj src/Exporter.Demo/
RUN dotnet restore src/Exporter/Exporter.csproj
COPY src/ src/
RUN dotnet publish src/Exporter/Exporter.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
# The image's built-in unprivileged user.
USER $APP_UID
ENV DOTNET_NOLOGO=1
EXPOSE 9187
ENTRYPOINT ["dotnet", "exporter.dll"]
CMD ["run", "--config", "/etc/exporter/exporter.yaml"]
