using System.CommandLine;
using System.Globalization;
using Exporter.Demo;
using MySqlConnector;
using Npgsql;

namespace Exporter.Cli;

/// <summary>
/// <c>demo init</c> creates the reference schema (and the read-only login the demo's exporter uses); <c>demo seed</c>
/// fills it with the demo business (see docs/demo-data.md), on PostgreSQL or, with <c>--engine mysql</c>, on MySQL or
/// MariaDB. Messages name the database as host:port/database, never the connection string. Connection strings and
/// passwords may come from the environment, so that they never appear in a process's command line (ps).
/// </summary>
public static class DemoCommand
{
    public const string ConnectionVariable = "EXPORTER_DEMO_CONNECTION";
    public const string ReaderPasswordVariable = "EXPORTER_DEMO_READER_PASSWORD";

    public static Command Create()
    {
        var demo = new Command("demo", "Create the reference schema and fill it with a realistic demo business.");
        demo.Subcommands.Add(CreateInit());
        demo.Subcommands.Add(CreateSeed());
        return demo;
    }

    private static Option<string?> Connection() => new("--connection")
    {
        Description = "Connection string of the database: Npgsql's, e.g. \"Host=localhost;Database=app;Username=app;Password=...\", "
            + "or with --engine mysql MySqlConnector's, e.g. \"Server=localhost;Database=app;User ID=app;Password=...\" "
            + $"(default: ${ConnectionVariable}, which keeps the password out of the command line).",
    };

    private static Option<string> Engine()
    {
        var engine = new Option<string>("--engine")
        {
            Description = "The database's engine: postgresql, or mysql (MySQL 8 / MariaDB 10.6+).",
            DefaultValueFactory = _ => "postgresql",
        };
        engine.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is not ("postgresql" or "mysql") and var name)
                result.AddError($"--engine must be postgresql or mysql (got '{name}')");
        });
        return engine;
    }

    private static DemoEngine EngineNamed(string? name) => name == "mysql" ? DemoEngine.MySql : DemoEngine.PostgreSql;

    private static Command CreateInit()
    {
        var connection = Connection();
        var engine = Engine();
        var readerRole = new Option<string>("--reader-role")
        {
            Description = "The read-only login to create for the exporter (CONNECT and SELECT on the reference schema only).",
            DefaultValueFactory = _ => DemoReaderRole.DefaultName,
        };
        var readerPassword = new Option<string?>("--reader-password")
        {
            Description = $"Its password (default: ${ReaderPasswordVariable}); without one, no login is created. Never printed.",
        };
        var command = new Command("init", "Create the reference schema's tables and indexes, and a read-only login for the exporter (idempotent).")
        {
            connection, engine, readerRole, readerPassword,
        };
        command.SetAction((parse, cancellationToken) => InitAsync(
            parse.GetValue(connection), EngineNamed(parse.GetValue(engine)), parse.GetValue(readerRole)!,
            parse.GetValue(readerPassword) ?? Environment.GetEnvironmentVariable(ReaderPasswordVariable), Console.Out, Console.Error, cancellationToken));
        return command;
    }

    private static Command CreateSeed()
    {
        var connection = Connection();
        var engine = Engine();
        var scale = new Option<int>("--scale")
        {
            Description = "Business size; row counts grow linearly with it (1 = a small business, seeds in seconds).",
            DefaultValueFactory = _ => DemoSeedOptions.DefaultScale,
        };
        var days = new Option<int>("--days")
        {
            Description = "Days of history, ending now.",
            DefaultValueFactory = _ => DemoSeedOptions.DefaultDays,
        };
        var seed = new Option<int>("--seed")
        {
            Description = "Random seed: the same seed (and --now) gives the same data.",
            DefaultValueFactory = _ => DemoSeedOptions.DefaultSeed,
        };
        var append = new Option<bool>("--append") { Description = "Add to tables that already hold rows (nothing is deleted) instead of refusing." };
        var ifEmpty = new Option<bool>("--if-empty")
        {
            Description = "Seed only when the tables are empty; otherwise do nothing and exit 0 (for scripts run on every start).",
        };
        var follow = new Option<bool>("--follow")
        {
            Description = "Then keep appending live requests, sessions and feature events every 5 s until Ctrl+C. "
                + "Seeds only empty tables (like --if-empty): on data already there it just follows.",
        };
        var now = new Option<DateTimeOffset?>("--now")
        {
            Description = "End the history at this instant instead of the current time (reproducible data for tests).",
            Hidden = true,
        };
        var command = new Command("seed", "Fill the reference schema with realistic, deterministic demo data.")
        {
            connection, engine, scale, days, seed, append, ifEmpty, follow, now,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var options = new DemoSeedOptions
            {
                Scale = parse.GetValue(scale),
                Days = parse.GetValue(days),
                Seed = parse.GetValue(seed),
                Append = parse.GetValue(append),
                Now = parse.GetValue(now),
            };
            return SeedAsync(
                parse.GetValue(connection), EngineNamed(parse.GetValue(engine)), options, parse.GetValue(ifEmpty), parse.GetValue(follow),
                Console.Out, Console.Error, cancellationToken);
        });
        return command;
    }

    public static async Task<int> InitAsync(
        string? connection, DemoEngine engine, string readerRole, string? readerPassword, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (ConnectionFrom(connection, error) is not { } connectionString || Describe(connectionString, engine, error) is not { } database)
            return ExitCodes.BadConfigOrUsage;
        try
        {
            if (engine == DemoEngine.MySql)
                await MySqlDemoSchema.ApplyAsync(connectionString, cancellationToken);
            else
                await DemoSchema.ApplyAsync(connectionString, cancellationToken);
            await output.WriteLineAsync($"{database}: the reference schema is in place ({DemoSeeder.Tables.Count} tables).");
            if (string.IsNullOrEmpty(readerPassword))
            {
                await output.WriteLineAsync($"No read-only login created: give it a password with ${ReaderPasswordVariable} (or --reader-password).");
                return ExitCodes.Ok;
            }
            if (engine == DemoEngine.MySql)
                await MySqlDemoReaderRole.ApplyAsync(connectionString, readerRole, readerPassword, cancellationToken);
            else
                await DemoReaderRole.ApplyAsync(connectionString, readerRole, readerPassword, cancellationToken);
            await output.WriteLineAsync($"{database}: login '{readerRole}' may connect and SELECT the reference schema, nothing else (its password is not shown).");
            return ExitCodes.Ok;
        }
        catch (Exception e) when (e is NpgsqlException or MySqlException or TimeoutException)
        {
            await error.WriteLineAsync($"error: {database}: {e.Message}");
            return ExitCodes.Failed;
        }
    }

    /// <summary>
    /// Seeds (refusing tables with data unless appending); with <paramref name="ifEmpty"/> or
    /// <paramref name="follow"/>, tables with data are left alone; <paramref name="follow"/> then appends
    /// live rows until interrupted.
    /// </summary>
    public static async Task<int> SeedAsync(
        string? connection, DemoEngine engine, DemoSeedOptions options, bool ifEmpty, bool follow, TextWriter output, TextWriter error,
        CancellationToken cancellationToken)
    {
        if (ConnectionFrom(connection, error) is not { } connectionString || Describe(connectionString, engine, error) is not { } database)
            return ExitCodes.BadConfigOrUsage;
        var problems = options.Validate().ToList();
        if (options.Append && ifEmpty)
            problems.Add("--append and --if-empty contradict each other: pass one of them");
        if (follow && engine == DemoEngine.MySql)
            problems.Add("--follow is not supported with --engine mysql: seed, then run the exporter on the data as it is");
        if (problems.Count > 0)
        {
            foreach (var problem in problems)
                await error.WriteLineAsync($"error: {problem}");
            return ExitCodes.BadConfigOrUsage;
        }
        // Following never adds a second business: it seeds empty tables only, then appends live rows.
        if (follow)
            options = options with { Append = false };

        using var interrupted = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            interrupted.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        var following = false;
        try
        {
            await output.WriteLineAsync(
                $"Seeding {database}: scale {options.Scale}, {options.Days} days, seed {options.Seed}{(options.Append ? ", appending" : "")}.");
            Func<IDemoSeedProgress, Task<DemoSeedResult>> seed = engine == DemoEngine.MySql
                ? progress => new MySqlDemoSeeder(connectionString, TimeProvider.System).SeedAsync(options, progress, interrupted.Token)
                : progress => new DemoSeeder(connectionString, TimeProvider.System).SeedAsync(options, progress, interrupted.Token);
            var interactive = ReferenceEquals(output, Console.Out) && DemoProgressBar.CanDraw;
            var result = interactive ? await DemoProgressBar.RunAsync(seed) : await seed(new DemoProgressLog(output));
            if (result.Refused && !ifEmpty && !follow)
            {
                await error.WriteLineAsync(
                    $"error: {database} already holds demo or other data in: {string.Join(", ", result.NonEmptyTables)}. "
                    + "Nothing was written. Pass --append to add to it (nothing is deleted), or seed an empty database.");
                return ExitCodes.Failed;
            }
            if (result.Refused)
                await output.WriteLineAsync($"{database} already holds data ({result.NonEmptyTables.Count} tables): not seeding.");
            else
                await PrintSummaryAsync(output, result);
            if (!follow)
                return ExitCodes.Ok;

            following = true;
            await DemoFollower.FollowAsync(connectionString, options, result, output, interrupted.Token);
            return ExitCodes.Ok;
        }
        catch (OperationCanceledException) when (interrupted.IsCancellationRequested)
        {
            await error.WriteLineAsync(following ? "Stopped." : "Cancelled: the seeding transaction was rolled back; nothing was written.");
            return following ? ExitCodes.Ok : ExitCodes.Failed;
        }
        catch (Exception e) when (e is NpgsqlException or MySqlException or TimeoutException)
        {
            await error.WriteLineAsync($"error: {database}: {e.Message}");
            return ExitCodes.Failed;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    private static Task PrintSummaryAsync(TextWriter output, DemoSeedResult result) =>
        output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Seeded {result.TotalRows:N0} rows in {result.Elapsed.TotalSeconds:F1} s; the history ends at {result.Now:yyyy-MM-dd HH:mm:ss}Z."));

    /// <summary>--connection, else the environment variable (which keeps the password out of ps).</summary>
    private static string? ConnectionFrom(string? option, TextWriter error)
    {
        var connection = option ?? Environment.GetEnvironmentVariable(ConnectionVariable);
        if (string.IsNullOrWhiteSpace(connection))
            error.WriteLine($"error: no database: pass --connection CONN or set {ConnectionVariable}");
        return string.IsNullOrWhiteSpace(connection) ? null : connection;
    }

    /// <summary>host:port/database, for messages: never the connection string (it may hold a password).</summary>
    private static string? Describe(string connectionString, DemoEngine engine, TextWriter error)
    {
        try
        {
            if (engine == DemoEngine.MySql)
            {
                var mysql = new MySqlConnectionStringBuilder(connectionString);
                return $"{mysql.Server}:{mysql.Port}/{(mysql.Database is { Length: > 0 } name ? name : mysql.UserID)}";
            }
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            return $"{builder.Host}:{builder.Port}/{builder.Database ?? builder.Username}";
        }
        catch (ArgumentException)
        {
            error.WriteLine(engine == DemoEngine.MySql
                ? "error: --connection is not a valid MySQL connection string (e.g. \"Server=localhost;Database=app;User ID=app;Password=...\")"
                : "error: --connection is not a valid connection string (e.g. \"Host=localhost;Database=app;Username=app;Password=...\")");
            return null;
        }
    }
}
