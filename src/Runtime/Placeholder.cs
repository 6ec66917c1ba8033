namespace SafeCache;

internal static class Placeholder { }
