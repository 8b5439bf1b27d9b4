using FsCheck.Xunit;
using GradientFlows.Proofs;

// The 80 % rule for properties that keep FsCheck's default of 100 cases (Verdict): at most 25 inconclusive instances.
[assembly: Properties(MaxRejected = Verdict.MaxInconclusiveOf100)]
