using Blend.Cli;

return BlendCli.Run(args, Console.Out, Console.Error);
