using SafeCache;

namespace LeakyService;

/// <summary>
/// SC0005: someone "fixed" the B019 leak by dropping 'this' from the key of a static cache (and bounded it, too). Now
/// the cache is shared by every price list, but the price depends on this list's currency: a USD list asks for "SKU-1",
/// an EUR list later gets the dollar price.
/// </summary>
public sealed class PriceList
{
    private static readonly LruCache<string, decimal> s_prices = new(capacity: 1024);

    private readonly string _currency;

    public PriceList(string currency) => _currency = currency;

    public decimal Price(string sku) => s_prices.GetOrAdd(sku, s => BasePrice(s) * RateTo(_currency));

    private static decimal BasePrice(string sku) => sku.Length * 10m;

    private static decimal RateTo(string currency) => currency == "EUR" ? 0.92m : 1m;
}
