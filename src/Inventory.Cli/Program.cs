using Inventory.Cli.Hosting;

return await InventoryCommand.RunAsync(args);
