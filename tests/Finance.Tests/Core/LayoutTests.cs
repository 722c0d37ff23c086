using System.Reflection;

namespace Finance.Tests.Core;

/// <summary>
/// The layout the code is read by: the domain (Finance.Core) knows no store, and only the store (Finance.Data) knows the
/// database engines; the service, the job host and the reports hand it connections. Checked on the compiled assemblies,
/// whose references list exactly the assemblies their code uses.
/// </summary>
public class LayoutTests
{
    [Theory]
    [InlineData("Finance.Core", "Microsoft.Data.Sqlite")]
    [InlineData("Finance.Core", "Npgsql")]
    [InlineData("Finance.Core", "Dapper")]
    [InlineData("Finance.Api", "Microsoft.Data.Sqlite")]
    [InlineData("Finance.Api", "Npgsql")]
    [InlineData("Finance.Jobs", "Microsoft.Data.Sqlite")]
    [InlineData("Finance.Reports", "Microsoft.Data.Sqlite")]
    [InlineData("Finance.Reports", "Npgsql")]
    public void Only_the_store_knows_the_database_engines(string assembly, string engine) =>
        Assert.DoesNotContain(Assembly.Load(assembly).GetReferencedAssemblies(), a => a.Name == engine);

    [Fact]
    public void The_store_is_where_the_engines_are()
    {
        var references = Assembly.Load("Finance.Data").GetReferencedAssemblies().Select(a => a.Name).ToList();
        Assert.Contains("Microsoft.Data.Sqlite", references);
        Assert.Contains("Npgsql", references);
    }
}
