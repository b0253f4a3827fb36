using System.Globalization;
using Npgsql;
using YamlDotNet.RepresentationModel;

namespace Exporter.Configuration;

/// <summary>
/// Loads and validates the YAML config into an <see cref="ExporterDefinition"/>. Every problem is
/// collected and reported at once as <c>file:line: message</c>; <c>validate</c> and <c>run</c> both use this.
/// </summary>
public static partial class ConfigLoader
{
    public const string DefaultNamespace = "kpi_";
    private const string BuiltInPrefix = "kpi_";

    /// <summary>Series kept per KPI: a million is far past a useful metric and still bounded in memory.</summary>
    internal const int MaxSeriesLimit = 1_000_000;

    /// <summary>Queries at once per datasource: PostgreSQL allows 100 connections by default.</summary>
    private const int MaxConcurrencyLimit = 100;

    /// <param name="webConfigFile">The web config file given on the command line (<c>--web.config.file</c>); it overrides server.web_config_file.</param>
    public static ExporterDefinition Load(string path, Func<string, string?>? environment = null, string? webConfigFile = null) =>
        Parse(ConfigFileReader.Read(path), path, environment ?? Environment.GetEnvironmentVariable, webConfigFile);

    public static ExporterDefinition Parse(string text, string file, Func<string, string?> environment, string? webConfigFile = null)
    {
        var errors = new List<ConfigError>();
        var expander = new EnvironmentExpander(environment);
        var context = new ConfigReadContext(file, errors, expander);
        var root = YamlDocumentReader.ReadRoot(text, context);
        if (root is null)
            throw new ConfigException(errors);

        var map = new YamlMap(root, context, "the config",
            "namespace", "server", "defaults", "datasources", "packs", "pack_settings", "kpis", "probes", "cluster");
        var ns = map.String("namespace") ?? DefaultNamespace;
        if (!PrometheusNames.IsMetricName(ns))
            map.Error("namespace", $"namespace '{ns}' is not a valid metric name prefix");
        var server = ReadServer(map, context, webConfigFile);
        var defaults = ReadDefaults(map, context);
        var datasources = ReadDatasources(map, context);
        var packNames = ReadPackNames(map);
        var packs = packNames.Select(name => PackCatalog.Load(name, errors)).OfType<Pack>().ToArray();
        var settings = ReadPackSettings(map, context, packs);
        var kpis = ResolveKpis(map, context, ns, defaults, datasources, packs, map.ItemLines("packs"), settings);
        var probes = ReadProbes(map, context);
        var cluster = ReadCluster(map, context);
        CheckMetricNamesUnique(kpis, ns, errors);

        if (errors.Count > 0)
        {
            var redactor = new SecretRedactor(expander.SubstitutedValues);
            throw new ConfigException(errors
                .Select(e => e with { Message = redactor.Redact(e.Message) })
                .OrderBy(e => e.File, StringComparer.Ordinal).ThenBy(e => e.Line).ToArray());
        }

        var secrets = expander.SubstitutedValues
            .Concat(datasources.SelectMany(d => new[] { d.ConnectionString, Password(d.ConnectionString, d.Engine) }))
            .Concat(probes.SelectMany(p => p.Headers.Values))
            .Concat(cluster is null ? [] : [cluster.ConnectionString, new NpgsqlConnectionStringBuilder(cluster.ConnectionString).Password ?? ""]);
        return new ExporterDefinition(file, ns, server, defaults, datasources, packNames, kpis, probes, new SecretRedactor(secrets))
        {
            Cluster = cluster,
        };
    }

    private static ServerDefinition ReadServer(YamlMap root, ConfigReadContext context, string? webConfigFile)
    {
        var listen = "http://0.0.0.0:9187";
        var (lifecycle, logRequests) = (false, false);
        YamlMap? server = null;
        if (root.Mapping("server") is { } node)
        {
            server = new YamlMap(node, context, "server", "listen", "web_config_file", "enable_lifecycle", "log_requests");
            listen = server.String("listen") ?? listen;
            if (ListenAddress.Problem(listen) is { } problem)
                server.Error("listen", $"server.listen: {problem}");
            lifecycle = server.Bool("enable_lifecycle") ?? false;
            logRequests = server.Bool("log_requests") ?? false;
            // Relative to the config file, so the pair can move together; the command line's is relative to the working directory.
            if (webConfigFile is null && server.String("web_config_file") is { } fromConfig)
                webConfigFile = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(context.File))!, fromConfig);
        }
        var errorsBefore = context.Errors.Count;
        var web = webConfigFile is null ? null : WebConfigLoader.Load(webConfigFile, context.Errors, context.Expander);
        // Only when the web config itself is fine: a broken tls_server_config is already reported, at its own line.
        // (The default listen is http://, so an https:// one came from server.listen.)
        if (context.Errors.Count == errorsBefore && ListenAddress.HttpsWithoutTls(listen, web?.Tls is not null) is { } noTls)
            server!.Error("listen", $"server.listen: {noTls}");
        return new ServerDefinition(listen, lifecycle, web, logRequests);
    }

    private static DefaultsDefinition ReadDefaults(YamlMap root, ConfigReadContext context)
    {
        var schedule = new ScheduleDefinition("1m", TimeSpan.FromMinutes(1), null);
        var defaults = new DefaultsDefinition(schedule, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(500), 1000, null);
        if (root.Mapping("defaults") is not { } node)
            return defaults;
        var map = new YamlMap(node, context, "defaults", "schedule", "timeout", "lock_timeout", "max_series", "stale_after");
        var timeout = map.Duration("timeout");
        if (timeout > TimeSpan.FromDays(1))
            map.Error("timeout", "defaults.timeout must be at most 1d");
        return new DefaultsDefinition(
            map.Schedule("schedule") ?? defaults.Schedule,
            timeout ?? defaults.Timeout,
            map.Duration("lock_timeout") ?? defaults.LockTimeout,
            map.Int("max_series", min: 1, max: MaxSeriesLimit) ?? defaults.MaxSeries,
            map.Duration("stale_after"));
    }

    private static List<DatasourceDefinition> ReadDatasources(YamlMap root, ConfigReadContext context)
    {
        var datasources = new List<DatasourceDefinition>();
        foreach (var node in root.MappingList("datasources"))
        {
            var map = new YamlMap(node, context, "datasource", "name", "engine", "connection_string", "max_concurrency");
            var name = map.String("name", required: true);
            var engine = ReadEngine(map, name);
            var connection = map.String("connection_string", required: true);
            var concurrency = map.Int("max_concurrency", min: 1, max: MaxConcurrencyLimit) ?? 2;
            if (name is null || connection is null || engine is null)
                continue;
            if (datasources.Any(d => d.Name == name))
                map.Error("name", $"datasource '{name}' is defined twice");
            if (!IsConnectionString(connection, engine.Value))
            {
                // The driver's message quotes the text it could not read, which may hold a password: say nothing of it.
                map.Error("connection_string", $"datasource '{name}': invalid connection string (expected Key=Value pairs separated by ';', e.g. " +
                    (engine == DatabaseEngine.MySql ? "Server=db;Database=shop;User ID=kpi)" : "Host=db;Database=app;Username=kpi)"));
                continue;
            }
            datasources.Add(new DatasourceDefinition(name, connection, concurrency, context.File, map.Line, engine.Value));
        }
        if (datasources.Count == 0 && context.Errors.Count == 0)
            context.Error(root.LineOf("datasources"), "at least one datasource is required under 'datasources:'");
        return datasources;
    }

    private static DatabaseEngine? ReadEngine(YamlMap map, string? name)
    {
        var text = map.String("engine");
        if (text is null)
            return DatabaseEngine.PostgreSql;
        if (DatabaseEngines.ByName.TryGetValue(text, out var engine))
            return engine;
        map.Error("engine", $"datasource '{name}': unknown engine '{text}' (engines: {string.Join(", ", DatabaseEngines.ByName.Keys)})");
        return null;
    }

    private static string Password(string connectionString, DatabaseEngine engine) =>
        (engine == DatabaseEngine.MySql ? new MySqlConnector.MySqlConnectionStringBuilder(connectionString).Password
            : new NpgsqlConnectionStringBuilder(connectionString).Password) ?? "";

    private static bool IsConnectionString(string text, DatabaseEngine engine)
    {
        try
        {
            _ = engine == DatabaseEngine.MySql ? new MySqlConnector.MySqlConnectionStringBuilder(text) : (object)new NpgsqlConnectionStringBuilder(text);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static List<string> ReadPackNames(YamlMap root)
    {
        var names = new List<string>();
        foreach (var name in root.StringList("packs") ?? [])
        {
            if (!PackCatalog.Names.Contains(name, StringComparer.Ordinal))
                root.Error("packs", $"unknown pack '{name}' (built-in packs: {string.Join(", ", PackCatalog.Names)})");
            else if (names.Contains(name, StringComparer.Ordinal))
                root.Error("packs", $"pack '{name}' is listed twice");
            else
                names.Add(name);
        }
        return names;
    }

    /// <summary>Each pack's settings: its defaults with the user's pack_settings applied.</summary>
    private static Dictionary<string, Dictionary<string, object>> ReadPackSettings(
        YamlMap root, ConfigReadContext context, IReadOnlyList<Pack> packs)
    {
        var result = packs.ToDictionary(p => p.Name, p => new Dictionary<string, object>(p.Settings), StringComparer.Ordinal);
        if (root.Mapping("pack_settings") is not { } node)
            return result;
        var map = new YamlMap(node, context, "pack_settings", [.. result.Keys]);
        foreach (var (packName, settings) in result)
        {
            if (map.Mapping(packName) is not { } packNode)
                continue;
            // Unknown setting names are reported by YamlMap; known ones take the user's value.
            _ = new YamlMap(packNode, context, $"pack_settings.{packName}", [.. settings.Keys]);
            foreach (var (key, text, line) in map.ScalarPairs(packName))
            {
                if (!settings.TryGetValue(key, out var current))
                    continue;
                if (current is double)
                {
                    if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                        settings[key] = number;
                    else
                        context.Error(line, $"pack_settings.{packName}.{key} must be a number, not '{text}'");
                }
                else
                {
                    settings[key] = text;
                }
            }
        }
        return result;
    }
}
