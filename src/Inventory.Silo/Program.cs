using Inventory.Silo.Hosting;
using Orleans.Dashboard;

var builder = WebApplication.CreateBuilder(args);
builder.UseOrleans(silo => silo.AddInventorySilo(builder.Configuration));

var app = builder.Build();
app.MapGet("/", () => Results.Redirect("/dashboard")).ExcludeFromDescription();
app.MapOrleansDashboard("/dashboard");
app.Run();
