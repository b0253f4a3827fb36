namespace Exporter.Demo;

/// <summary>How an invoice-paying customer pays: on time, late, or badly (some invoices never).</summary>
public enum PayerKind
{
    Prompt,
    Late,
    Bad,
}
