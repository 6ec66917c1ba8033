#if NETSTANDARD2_0
namespace System.Runtime.CompilerServices
{
    /// <summary>Polyfill that lets the compiler emit <c>init</c> accessors (records) on netstandard2.0.</summary>
    internal static class IsExternalInit
    {
    }
}
#endif
