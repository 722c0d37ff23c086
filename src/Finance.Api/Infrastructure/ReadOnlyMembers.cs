using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Finance.Api.Infrastructure;

/// <summary>
/// The members a resource's GET returns that its PUT does not take (the id, computed figures, history, events …).
/// On the input record they are accepted and ignored, so the representation a GET returned, changed in one field, can
/// be sent back as it is; any other unknown member is still refused with 400 naming it.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ReadOnlyMembersAttribute(params string[] names) : Attribute
{
    public IReadOnlyList<string> Names { get; } = names;

    /// <summary>The JSON contract modifier: each read-only name becomes a member that is read and discarded, never written.</summary>
    public static void Modifier(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object
            || type.Type.GetCustomAttributes(typeof(ReadOnlyMembersAttribute), inherit: false) is not [ReadOnlyMembersAttribute attribute])
        {
            return;
        }
        foreach (var name in attribute.Names)
        {
            if (type.Properties.Any(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }
            var property = type.CreateJsonPropertyInfo(typeof(JsonElement), name);
            property.Set = static (_, _) => { };
            property.Get = null;
            property.IsRequired = false;
            type.Properties.Add(property);
        }
    }
}
