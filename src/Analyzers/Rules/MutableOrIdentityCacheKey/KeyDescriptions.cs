using Microsoft.CodeAnalysis;

namespace SafeCache.Analyzers.Rules.MutableOrIdentityCacheKey;

/// <summary>Words for SC0004's messages: what a caller would build again and expect to find.</summary>
internal static class KeyDescriptions
{
    /// <summary>"array with the same numbers", "List with the same strings", "StringBuilder with the same contents".</summary>
    public static string DescribeCollection(ITypeSymbol type)
    {
        var (noun, element) = type switch
        {
            IArrayTypeSymbol array => ("array", array.ElementType),
            INamedTypeSymbol { TypeArguments.Length: 1 } named => (named.Name, named.TypeArguments[0]),
            _ => (type.Name, null),
        };

        var elements = element?.SpecialType switch
        {
            null => "contents",
            SpecialType.System_Byte or SpecialType.System_SByte or SpecialType.System_Int16 or SpecialType.System_UInt16
                or SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Int64 or SpecialType.System_UInt64
                or SpecialType.System_Single or SpecialType.System_Double or SpecialType.System_Decimal => "numbers",
            SpecialType.System_String => "strings",
            _ => "elements",
        };
        return noun + " with the same " + elements;
    }
}
