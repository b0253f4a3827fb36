using System.CommandLine;
using Exporter.Kpis;

namespace Exporter.Cli;

/// <summary><c>validate</c>: loads and checks the config; with <c>--connect</c>, prepares every KPI's SQL.</summary>
public static class ValidateCommand
{
    public static Command Create(Option<string?> config)
    {
        var connect = new Option<bool>("--connect")
        {
            Description = "Also prepare every KPI's SQL against its datasource (nothing is run) and warn when a login has more privilege than SELECT.",
        };
        var command = new Command("validate", "Check the config (and, with --connect, every KPI's SQL).") { config, connect };
        command.SetAction((parse, cancellationToken) =>
            ExecuteAsync(parse.GetValue(config), parse.GetValue(connect), Console.Out, Console.Error, cancellationToken));
        return command;
    }

    public static async Task<int> ExecuteAsync(string? configPath, bool connect, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (CommonOptions.LoadConfig(configPath, error) is not { } definition)
            return ExitCodes.BadConfigOrUsage;
        if (connect)
        {
            var (problems, warnings) = await KpiSqlChecker.CheckAsync(definition, cancellationToken);
            foreach (var line in problems.Concat(warnings))
                await error.WriteLineAsync(line.ToString());
            if (problems.Count > 0)
            {
                await error.WriteLineAsync($"{problems.Count} problem(s) found.");
                return ExitCodes.BadConfigOrUsage;
            }
        }
        await output.WriteLineAsync(
            $"{definition.File}: OK: {definition.Kpis.Count} KPI(s), {definition.Datasources.Count} datasource(s), {definition.Probes.Count} probe(s)"
            + (connect ? ", every KPI's SQL prepared" : ""));
        return ExitCodes.Ok;
    }
}
