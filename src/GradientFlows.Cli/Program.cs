using System.CommandLine;
using GradientFlows.Cli.Certificate;
using GradientFlows.Cli.Demos;
using GradientFlows.Cli.Vectors;

var root = new RootCommand(
    "Verified reference implementation of gradient-flow convergence theory. With no command it runs the learning-health " +
    "experiment of Gelada & Buckman (same options as 'health').");
HealthDemo.Attach(root);
root.Subcommands.Add(HealthDemo.Create());
root.Subcommands.Add(AdaptedDemo.Create());
root.Subcommands.Add(LinearDemo.Create());
root.Subcommands.Add(VerifyCommand.Create());
root.Subcommands.Add(VectorsCommand.Create());
return root.Parse(args).Invoke();
