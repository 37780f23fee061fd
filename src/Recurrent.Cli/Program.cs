using System.CommandLine;

var root = new RootCommand("Recurrent: recurrent neural networks for .NET.");
return root.Parse(args).Invoke();
