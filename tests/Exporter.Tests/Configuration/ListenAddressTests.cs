using Exporter.Configuration;

namespace Exporter.Tests.Configuration;

public sealed class ListenAddressTests
{
    [Theory]
    [InlineData("http://0.0.0.0:9187")]
    [InlineData("https://exporter.example.com:443")]
    [InlineData("HTTP://localhost:9187/")]
    [InlineData("http://[::]:9187")]
    [InlineData("http://*:9187")]
    [InlineData("http://+:9187")]
    [InlineData("http://localhost")]
    [InlineData("http://127.0.0.1:9187;http://[::1]:9187")]
    public void Problem_ValidAddress_IsNull(string urls) => Assert.Null(ListenAddress.Problem(urls));

    [Theory]
    [InlineData("", "the listen address is empty: expected http://HOST:PORT or https://HOST:PORT, e.g. http://0.0.0.0:9187")]
    [InlineData("0.0.0.0:9187", "'0.0.0.0:9187' is not a listen address: expected http://HOST:PORT or https://HOST:PORT, e.g. http://0.0.0.0:9187")]
    [InlineData("unix:/run/exporter.sock", "'unix:/run/exporter.sock' is not a listen address: expected http://HOST:PORT or https://HOST:PORT, e.g. http://0.0.0.0:9187")]
    [InlineData("tcp://0.0.0.0:9187", "'tcp://0.0.0.0:9187': the scheme must be http or https, not 'tcp'")]
    [InlineData("http://:9187", "'http://:9187' has no host: expected http://HOST:PORT or https://HOST:PORT, e.g. http://0.0.0.0:9187")]
    [InlineData("http://0.0.0.0:", "'http://0.0.0.0:': the port must be a number from 1 to 65535, not ''")]
    [InlineData("http://0.0.0.0:-1", "'http://0.0.0.0:-1': the port must be a number from 1 to 65535, not '-1'")]
    [InlineData("http://0.0.0.0:65536", "'http://0.0.0.0:65536': the port must be a number from 1 to 65535, not '65536'")]
    [InlineData("http://0.0.0.0:99999999999", "'http://0.0.0.0:99999999999': the port must be a number from 1 to 65535, not '99999999999'")]
    [InlineData("http://0.0.0.0:9187/metrics", "'http://0.0.0.0:9187/metrics' must not have a path ('/metrics'): expected http://HOST:PORT or https://HOST:PORT, e.g. http://0.0.0.0:9187")]
    [InlineData("http://127.0.0.1:9187;notaurl", "'notaurl' is not a listen address: expected http://HOST:PORT or https://HOST:PORT, e.g. http://0.0.0.0:9187")]
    public void Problem_InvalidAddress_SaysWhy(string urls, string expected) => Assert.Equal(expected, ListenAddress.Problem(urls));
}
