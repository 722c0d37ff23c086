using System.Collections;
using System.Reflection;
using System.Text.Json;

namespace Finance.Api.Infrastructure;

/// <summary>
/// Rejects a request body whose lists hold a null item (<c>[null]</c>): a 400 naming the item (<c>[0]</c>,
/// <c>partTwo.holdings[2]</c>) instead of a null reference in a handler. Nullable annotations do not reach collection
/// items, so this walks the bound arguments of the API's own types once, before the handler runs.
/// </summary>
public sealed class NullItemsFilter : IEndpointFilter
{
    private const int MaxDepth = 6;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var v = new Validation();
        foreach (var argument in context.Arguments)
        {
            if (argument is not null && IsOurs(argument.GetType()) || argument is IList)
            {
                Walk(argument, "", v, 0);
            }
        }
        return v.Ok ? await next(context) : v.Problem();
    }

    private static bool IsOurs(Type type) => type.Namespace?.StartsWith("Finance.", StringComparison.Ordinal) == true && !type.IsEnum;

    private static void Walk(object? value, string path, Validation v, int depth)
    {
        if (value is null || depth > MaxDepth || value is string)
        {
            return;
        }
        if (value is IList list)
        {
            for (var i = 0; i < list.Count; i++)
            {
                if (list[i] is null)
                {
                    v.Add($"{path}[{i}]", "An item of the list is null: every item is required.");
                }
                else
                {
                    Walk(list[i], $"{path}[{i}]", v, depth + 1);
                }
            }
            return;
        }
        if (!IsOurs(value.GetType()))
        {
            return;
        }
        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length == 0 && (typeof(IList).IsAssignableFrom(property.PropertyType) || property.PropertyType.IsGenericType || IsOurs(property.PropertyType)))
            {
                var name = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
                Walk(property.GetValue(value), path.Length == 0 ? name : $"{path}.{name}", v, depth + 1);
            }
        }
    }
}
