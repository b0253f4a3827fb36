namespace Exporter.Cli;

/// <summary>Exit codes, decided here only (see shared/spec/interface.md).</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int KpiFailed = 1;
    public const int Failed = 1; // demo commands: the database operation failed or was refused
    public const int BadConfigOrUsage = 2;
    public const int StartupFailed = 3; // run: the config is fine but the service could not start (e.g. the port is in use)
}
