using System.CommandLine;
using Exporter.Cli;

// Parse the command; each command builds what it needs (see ExporterHost) and decides its exit code.
var config = CommonOptions.Config();
var run = new RunOptions();
var root = new RootCommand("Exporter: business and technical KPIs from SQL, for Prometheus.")
{
    RunCommand.Create(config, run),
    OnceCommand.Create(config),
    ValidateCommand.Create(config),
    DemoCommand.Create(),
};
// `run` is the default command.
root.Options.Add(config);
foreach (var option in run.All)
    root.Options.Add(option);
root.SetAction(parse => RunCommand.ExecuteAsync(parse.GetValue(config), parse.GetValue(run.Urls), parse.GetValue(run.WebConfigFile), run.Logging(parse)));

var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    foreach (var parseError in parsed.Errors)
        Console.Error.WriteLine($"error: {parseError.Message}");
    Console.Error.WriteLine("Run with --help for usage.");
    return ExitCodes.BadConfigOrUsage;
}
// The host handles SIGINT/SIGTERM itself and shuts down gracefully.
return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
