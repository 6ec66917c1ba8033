namespace LeakyService;

internal static class Program
{
    private static void Main()
    {
        System.Console.WriteLine("LeakyService: build this project to see SafeCache's warnings.");
    }
}
