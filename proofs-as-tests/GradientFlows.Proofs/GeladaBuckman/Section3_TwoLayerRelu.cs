using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using GradientFlows.Models;
using GradientFlows.Proofs.Generators;
using GradientFlows.Theory;
using MathNet.Numerics.LinearAlgebra;

namespace GradientFlows.Proofs.GeladaBuckman;

/// <summary>Gelada–Buckman §3: the 2-layer ReLU MLP on one data point (spec §3.2–3.7).</summary>
public sealed class Section3_TwoLayerRelu
{
    /// <summary>
    /// §3.2 (corrected, erratum E14): along u(s) = s·w + (1 − s)·w′ the loss is 2s²(1 − s)² on [0, 1] and ½s²(1 − s)²
    /// outside, and it is positive on (0, 1) while f(w) = f(w′) = 0: f is not convex. A grid on [−2, 3] plus draws.
    /// </summary>
    [Property(Arbitrary = [typeof(Arbitraries)])]
    [Trait("Theorem", "GB.S3.2")]
    public void Section3_2_LossAlongSegment_Eq_ClosedForm_And_NotConvex(ScalarInstance instance)
    {
        var f = new SquaredErrorCost(ConvexityCounterexample.Network, ConvexityCounterexample.Target);
        Check.That(f.Value(ConvexityCounterexample.First) == 0 && f.Value(ConvexityCounterexample.Second) == 0, "f(w) = f(w′) = 0");
        var random = new Random(instance.Seed);
        var grid = Enumerable.Range(0, 51).Select(i => -2 + 5.0 * i / 50);
        foreach (double s in grid.Concat(Enumerable.Range(0, 20).Select(_ => -2 + 5 * random.NextDouble())))
        {
            double actual = f.Value(ConvexityCounterexample.Segment(s));
            double expected = ConvexityCounterexample.LossAlongSegment(s);
            Check.Close(actual, expected, Tolerances.Rounding(expected, 16), $"f(u({s:R}))");
            if (s > 0 && s < 1)
            {
                Check.Lt(0, actual, $"f(u({s:R})) > 0 = s·f(w) + (1 − s)·f(w′): not convex");
            }
        }
        Check.That(f.Value(ConvexityCounterexample.Segment(0)) == 0 && f.Value(ConvexityCounterexample.Segment(1)) == 0,
            "exactly 0 at s ∈ {0, 1}");
    }

    /// <summary>
    /// §3.3 (errata E6, E7): with ‖x‖² = m and He initialisation, the sample means over S = 200 initialisations of
    /// ‖b₀‖²/k, of bᵢ, of 1[bᵢ = 0] and of l(0) lie within 6 standard errors of 1, 1/√π, ½ and n + ½‖q‖²
    /// (false alarm ≈ 2·10⁻⁹ per statistic).
    /// </summary>
    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 50, MaxRejected = 50 / Verdict.InconclusivePerChecked)]
    [Trait("Theorem", "GB.S3.3")]
    public void Section3_3_HeInit_SecondMoment_Eq_One(ReluInstance instance)
    {
        const int S = 200;
        var x = Gaussian.Vector(new Random(instance.Seed), instance.M);
        x *= Math.Sqrt(instance.M) / x.L2Norm();
        var network = new TwoLayerReluNetwork(instance.N, instance.K, x);
        var q = instance.Q;
        var random = instance.Auxiliary;
        double k = instance.K, sumRatio = 0, sumB = 0, sumZero = 0, sumLoss = 0, sumLossSq = 0;
        for (int s = 0; s < S; s++)
        {
            var pass = network.Forward(HeInitialisation.Sample(network, random));
            sumRatio += pass.B.DotProduct(pass.B) / k;
            sumB += pass.B.Sum();
            sumZero += pass.B.Count(b => b == 0);
            double loss = 0.5 * (pass.Y - q).DotProduct(pass.Y - q);
            sumLoss += loss;
            sumLossSq += loss * loss;
        }
        double z = Tolerances.StandardErrors;
        Check.Close(sumRatio / S, HeInitialisation.ActivationSecondMoment, new(z * Math.Sqrt(HeInitialisation.SquaredActivationVariance / (k * S)), "6 s.e., Var‖b‖²/k = 5/k"), "mean ‖b₀‖²/k = 1");
        Check.Close(sumB / (S * k), HeInitialisation.MeanActivation, new(z * Math.Sqrt(HeInitialisation.ActivationVariance / (k * S)), "6 s.e., Var bᵢ = 1 − 1/π"), "mean bᵢ = 1/√π");
        Check.Close(sumZero / (S * k), 0.5, new(z * 0.5 / Math.Sqrt(k * S), "6 s.e., Bernoulli(½)"), "P(bᵢ = 0) = ½");
        // E l(0) = n + ½‖q‖²; its variance is estimated from the sample (the CLT with the sample s.d.).
        double mean = sumLoss / S, sd = Math.Sqrt(Math.Max(sumLossSq / S - mean * mean, 0));
        Check.Close(mean, instance.N + 0.5 * q.DotProduct(q), new(z * sd / Math.Sqrt(S) + Tolerances.Rounding(mean).Value, "6 sample s.e."), "E l(0) = n + ½‖q‖²");
    }

    /// <summary>
    /// §3.4 gradient formulas and identities: ‖ŷ‖² = 2L (E9), ‖∇f‖² = ‖N̂‖² + ‖M̂‖² (E10), ‖N̂‖² = 2L‖b‖², the Euler
    /// identities ⟨N̂, N⟩ = ⟨M̂, M⟩ = ⟨ŷ, y⟩ (I4), and the tangent kernel ‖∇f‖² = ŷᵀKŷ, λ_min(K) ≥ ‖b‖² (I5).
    /// </summary>
    [Property(Arbitrary = [typeof(Arbitraries)])]
    [Trait("Theorem", "GB.S3.4")]
    public void Section3_4_GradientIdentities_Of_Relu(ReluInstance instance)
    {
        var random = instance.Auxiliary;
        var network = instance.Network;
        var w = instance.W0 + Gaussian.LogUniform(random, -3, 1) * Gaussian.UnitSphere(random, network.Layout.Dimension);
        var g = network.Backward(w, instance.Q);
        double L = g.Loss, bSq = g.Pass.B.DotProduct(g.Pass.B);
        double gSq = g.GradientNormSquared;
        Check.Close(g.YHat.DotProduct(g.YHat), 2 * L, Tolerances.AlgebraicIdentity(2 * L), "‖ŷ‖² = 2L");
        double nHatSq = Math.Pow(g.NHat.FrobeniusNorm(), 2), mHatSq = Math.Pow(g.MHat.FrobeniusNorm(), 2);
        Check.Close(gSq, nHatSq + mHatSq, Tolerances.AlgebraicIdentity(gSq), "‖∇f‖² = ‖N̂‖² + ‖M̂‖²");
        Check.Close(nHatSq, 2 * L * bSq, Tolerances.AlgebraicIdentity(nHatSq), "‖N̂‖² = 2L‖b‖²");
        var N = network.Layout.Read(w, "N");
        var M = network.Layout.Read(w, "M");
        double yDot = g.YHat.DotProduct(g.Pass.Y);
        double eulerScale = g.YHat.L2Norm() * g.Pass.Y.L2Norm() + g.NHat.FrobeniusNorm() * N.FrobeniusNorm() + g.MHat.FrobeniusNorm() * M.FrobeniusNorm();
        Check.Close(g.NHat.PointwiseMultiply(N).Enumerate().Sum(), yDot, Tolerances.AlgebraicIdentity(eulerScale), "⟨N̂, N⟩ = ⟨ŷ, y⟩");
        Check.Close(g.MHat.PointwiseMultiply(M).Enumerate().Sum(), yDot, Tolerances.AlgebraicIdentity(eulerScale), "⟨M̂, M⟩ = ⟨ŷ, y⟩");
        var K = network.TangentKernel(w);
        Check.Close(g.YHat.DotProduct(K * g.YHat), gSq, Tolerances.AlgebraicIdentity(gSq), "‖∇f‖² = ŷᵀKŷ");
        var J = network.Jacobian(w);
        Check.Close((J * J.Transpose()).Enumerate().ToArray(), K.Enumerate().ToArray(), Tolerances.AlgebraicIdentity(K.FrobeniusNorm()), "K = JJᵀ");
        double lambdaMin = K.Evd(Symmetricity.Symmetric).EigenValues.Real().Minimum();
        Check.Le(bSq, lambdaMin, Tolerances.AlgebraicIdentity(K.FrobeniusNorm()), "λ_min(K) ≥ ‖b‖²");
    }

    /// <summary>
    /// §3.5 convention σ′(0) := 0: a hidden unit whose row of M is orthogonal to x sits exactly at the kink aᵢ = 0; its
    /// row of M̂ and column of N̂ are exactly zero.
    /// </summary>
    [Property(Arbitrary = [typeof(Arbitraries)])]
    [Trait("Theorem", "GB.S3.5")]
    public void Section3_5_GradientAtKink_Eq_Zero(ReluInstance instance)
    {
        var network = instance.Network;
        var x = network.Input;
        var w0 = instance.W0;
        var M = network.Layout.Read(w0, "M");
        int unit = instance.Seed % instance.K;
        // Make row `unit` orthogonal to x; with m = 1 the row is zero. The exact kink needs aᵢ = 0 bit-for-bit, so zero the row
        // when rounding leaves a residue.
        var row = M.Row(unit);
        row -= row.DotProduct(x) / x.DotProduct(x) * x;
        M.SetRow(unit, row);
        var w = network.Layout.Assemble(network.Layout.Read(w0, "N"), M);
        if (network.Forward(w).A[unit] != 0)
        {
            M.SetRow(unit, Vector<double>.Build.Dense(instance.M));
            w = network.Layout.Assemble(network.Layout.Read(w0, "N"), M);
        }
        var g = network.Backward(w, instance.Q);
        Check.That(g.Pass.A[unit] == 0, "unit is at the kink");
        Check.That(g.MHat.Row(unit).All(v => v == 0), "row of M̂ at the kink is exactly 0");
        Check.That(g.NHat.Column(unit).All(v => v == 0), "column of N̂ at the kink is exactly 0 (bᵢ = 0)");
    }

    /// <summary>
    /// §3.6 rigorous gradient-health bound (errata E11, E12): for every w = w₀ + r·u (u on the unit sphere, r ∈ {0} ∪
    /// log-uniform[10⁻³, 10²]), ‖∇f(w)‖² ≥ 2f(w)·(‖b₀‖ − ‖x‖r)₊² ≥ 2f(w)·(‖b₀‖² − 2‖b₀‖‖x‖r); and
    /// 2λ_min(K)f ≤ ‖∇f‖² ≤ 2λ_max(K)f (I5).
    /// </summary>
    [Property(Arbitrary = [typeof(Arbitraries)])]
    [Trait("Theorem", "GB.S3.6")]
    public Property Section3_6_GradNormSq_Ge_GradientHealthBound(ReluInstance instance)
    {
        var network = instance.Network;
        var random = instance.Auxiliary;
        var w0 = instance.W0;
        double r = random.NextDouble() < 0.1 ? 0 : Gaussian.LogUniform(random, -3, 2);
        var w = w0 + r * Gaussian.UnitSphere(random, network.Layout.Dimension);
        var b0 = network.Forward(w0).B;
        var g = network.Backward(w, instance.Q);
        double gSq = g.GradientNormSquared;
        double bound = GradientHealthBound.LowerBound(g.Loss, b0.L2Norm(), network.Input.L2Norm(), r);
        Check.Le(bound, gSq, Tolerances.AlgebraicIdentity(gSq), $"‖∇f‖² ≥ gradient-health bound at r = {r:G4}");
        double linearised = GradientHealthBound.Linearised(g.Loss, b0.L2Norm(), network.Input.L2Norm(), r);
        Check.Le(linearised, bound, Tolerances.AlgebraicIdentity(gSq), $"linearised bound ≤ bound at r = {r:G4}");
        if (r == 0)
        {
            // At w₀ the chain's first step is an identity: ‖N̂‖² = 2L‖b₀‖² equals the bound.
            Check.Close(bound, Math.Pow(g.NHat.FrobeniusNorm(), 2), Tolerances.AlgebraicIdentity(gSq), "bound = ‖N̂‖² at w₀");
        }
        var lambda = network.TangentKernel(w).Evd(Symmetricity.Symmetric).EigenValues.Real();
        Check.Le(2 * lambda.Minimum() * g.Loss, gSq, Tolerances.AlgebraicIdentity(gSq), "2λ_min(K)f ≤ ‖∇f‖²");
        Check.Le(gSq, 2 * lambda.Maximum() * g.Loss, Tolerances.AlgebraicIdentity(gSq), "‖∇f‖² ≤ 2λ_max(K)f");
        double radius = b0.L2Norm() / (2 * network.Input.L2Norm());
        return Prop.ToProperty(true).Classify(r >= radius, "beyond the informative radius α/β").Classify(b0.L2Norm() == 0, "all units dead at w₀");
    }

    /// <summary>
    /// §3.7 the learning guarantee in its rigorous form (this spec; Result 2.2 with α = 2‖b₀‖², β = 4‖b₀‖‖x‖) and the
    /// sharper Supplement S1, at ≥ 200 times including t* and T₀; b₀ = 0 instances are stationary bit-for-bit. The
    /// source's idealised curve (α = 2k, β = 4√(km), erratum E13) is only classified, never asserted.
    /// </summary>
    [Property(Arbitrary = [typeof(FlowArbitraries)])]
    [Trait("Theorem", "GB.S3.7")]
    public Property Section3_7_Loss_Le_RigorousGuarantee(ReluInstance instance)
    {
        var run = new ReluFlowRun(instance);
        var guarantee = run.Guarantee;
        var trajectory = run.Trajectory;
        if (guarantee.IsTrivial)
        {
            Check.That(trajectory.FinalState.Equals(instance.W0), "b₀ = 0 or l(0) = 0: the state is constant bit-for-bit");
            Check.That(trajectory.Points.All(p => p.Loss == trajectory.InitialLoss), "l(t) ≡ l(0)");
        }
        else
        {
            Section2_LearningHealth.AssertBelowBound(trajectory, guarantee.RigorousAt, "rigorous §3.7 bound");
            Section2_LearningHealth.AssertBelowBound(trajectory, guarantee.SharpAt, "Supplement S1 bound");
        }
        bool idealisedViolated = guarantee.Idealised is { } idealised && trajectory.Points.Any(p =>
            p.Loss > Math.Max(idealised.At(p.Time), Tolerances.LossFloor(trajectory.InitialLoss)) * (1 + Tolerances.FlowBoundRelative));
        bool predicate = TwoLayerReluGuarantee.IdealisedFailsEarly(trajectory.Points[0].GradientNormSquared, instance.K, trajectory.InitialLoss);
        return Prop.ToProperty(true)
            .Classify(guarantee.IsTrivial, "trivial (b₀ = 0 or l(0) = 0)")
            .Classify(idealisedViolated, "idealised curve (E13) violated")
            .Classify(predicate, "‖∇f(w₀)‖² < 2k·l(0)");
    }

    /// <summary>
    /// §3.7 constants are sharp: along w(r) = w₀ − r·(b₀/‖b₀‖)(x/‖x‖)ᵀ (a unit step in M that shrinks every live unit in
    /// proportion, so ‖w(r) − w₀‖ = r and b(r) = (1 − r‖x‖/‖b₀‖)b₀ for r &lt; ‖b₀‖/‖x‖), the inequality behind the guarantee
    /// is an expansion with no first-order slack: ‖N̂(w(r))‖² = f(w(r))·(α − βr + 2‖x‖²r²) with the guarantee's
    /// α = 2‖b₀‖², β = 4‖b₀‖‖x‖. Doubling or halving α or β breaks the identity (at r = 0 it reads ‖N̂₀‖² = α·l(0), the
    /// bound's initial log-slope −α against the N-part of the flow's −‖∇f(w₀)‖²/l(0)). Instances with b₀ = 0 are made
    /// live by flipping the sign of the first row of M₀ (then a₁ &gt; 0 unless a₁ = 0, measure zero).
    /// </summary>
    [Property(Arbitrary = [typeof(Arbitraries)])]
    [Trait("Theorem", "GB.S3.7")]
    public void Section3_7_GuaranteeConstants_Eq_GradientHealthExpansion_Sharp(ReluInstance instance)
    {
        var network = instance.Network;
        var w0 = LiveStart(instance);
        var x = network.Input;
        var guarantee = new TwoLayerReluGuarantee(network, w0, instance.Q);
        var pass0 = network.Forward(w0);
        var b0 = pass0.B;
        double b0Norm = b0.L2Norm(), xNorm = x.L2Norm();
        Check.Lt(0, b0Norm, "b₀ ≠ 0 after making the first unit live");
        var direction = (b0 / b0Norm).OuterProduct(x / xNorm);
        var N0 = network.Layout.Read(w0, "N");
        var M0 = network.Layout.Read(w0, "M");
        foreach (double fraction in new[] { 0, 0.1, 0.3, 0.5, 0.75 })
        {
            double r = fraction * b0Norm / xNorm;
            var w = network.Layout.Assemble(N0, M0 - r * direction);
            var g = network.Backward(w, instance.Q);
            double nHatSq = Math.Pow(g.NHat.FrobeniusNorm(), 2);
            double expected = g.Loss * (guarantee.Alpha - guarantee.Beta * r + 2 * xNorm * xNorm * r * r);
            // The live aᵢ(r) = Σⱼ(M₀ − r·D)ᵢⱼxⱼ cancel terms of size |M₀||x| + r‖x‖ down to (1 − fraction)aᵢ: the relative
            // rounding of b(r) is amplified by (‖|M₀||x|‖ + ‖b₀‖)/((1 − fraction)‖b₀‖).
            double amplification = ((M0.PointwiseAbs() * x.PointwiseAbs()).L2Norm() + b0Norm) / ((1 - fraction) * b0Norm);
            var identity = Tolerances.AlgebraicIdentity(amplification * (nHatSq + Math.Abs(expected)));
            Check.Close(nHatSq, expected, identity, $"‖N̂‖² = f·(α − βr + 2‖x‖²r²) at r = {fraction}·‖b₀‖/‖x‖");
            // The §3.6 bound is attained on this ray, and its linearised form is its tangent at r = 0 with α and β.
            double bound = GradientHealthBound.LowerBound(g.Loss, b0Norm, xNorm, r);
            Check.Close(bound, nHatSq, identity, $"‖N̂‖² = 2f(‖b₀‖ − ‖x‖r)² (§3.6 bound attained) at r = {fraction}·‖b₀‖/‖x‖");
            double linearised = GradientHealthBound.Linearised(g.Loss, b0Norm, xNorm, r);
            Check.Close(linearised, g.Loss * (guarantee.Alpha - guarantee.Beta * r), identity,
                $"linearised bound = f·(α − βr) at r = {fraction}·‖b₀‖/‖x‖");
            Check.Close(bound - linearised, 2 * g.Loss * xNorm * xNorm * r * r, identity,
                $"bound − linearised = 2f‖x‖²r² at r = {fraction}·‖b₀‖/‖x‖");
            Check.Close((w - w0).L2Norm(), r, Tolerances.AlgebraicIdentity(r + w0.L2Norm()), "‖w(r) − w₀‖ = r");
        }
    }

    /// <summary>
    /// Supplement S1 is sharp in the same sense: its log-bound is the integral of the gap rate,
    /// ln B(t₂) − ln B(t₁) = −∫_{t₁}^{t₂} 2(‖b₀‖ − ‖x‖√(l(0)s))₊² ds (the gap bound ‖b(s)‖ ≥ ‖b₀‖ − ‖x‖r(s) with the largest
    /// distance r(s) = √(s·l(0)) of Result 1.5), and constant after T₀. Checked on the intervals between fixed fractions
    /// of T₀ on both sides of it (Gauss–Legendre in u = √s, exact here), so a wrong 4/3, ½, 2 or T₀ fails on every
    /// instance. At s = 0 the rate is 2‖b₀‖² = ‖N̂(w₀)‖²/l(0) (previous property, r = 0).
    /// </summary>
    [Property(Arbitrary = [typeof(Arbitraries)])]
    [Trait("Theorem", "GB.S3.7")]
    public void SupplementS1_LogBound_Eq_Integral_Of_GapRate_Sharp(ReluInstance instance)
    {
        var w0 = LiveStart(instance);
        var guarantee = new TwoLayerReluGuarantee(instance.Network, w0, instance.Q);
        double b0Norm = Math.Sqrt(guarantee.InitialActivationNormSquared);
        double c = Math.Sqrt(guarantee.InputNormSquared * guarantee.Loss0), horizon = guarantee.SharpHorizon;
        Section2_LearningHealth.LogBoundFollowsRate(guarantee.SharpLogAt, s =>
        {
            double gap = Math.Max(b0Norm - c * Math.Sqrt(s), 0);
            return 2 * gap * gap;
        }, t => Math.Abs(Math.Log(guarantee.Loss0)) + 2 * (b0Norm * b0Norm * t + 4.0 / 3.0 * b0Norm * c * Math.Pow(t, 1.5) + 0.5 * c * c * t * t),
        horizon, "Supplement S1");
    }

    /// <summary>
    /// Supplement I6 along the flow: aᵢ′ = −σ′(aᵢ)·b̂ᵢ·‖x‖². At every sample state of the integrated flow the velocity of
    /// a = Mx, read off the flow's vector field −∇f (its M block times x), equals −σ′(aᵢ)b̂ᵢ‖x‖² with b̂ = Nᵀ(Nσ(Mx) − q)
    /// computed directly from the state (σ′(0) := 0, so dead units have aᵢ′ = 0 exactly).
    /// </summary>
    [Property(Arbitrary = [typeof(FlowArbitraries)])]
    [Trait("Theorem", "GB.I6")]
    public Property SupplementI6_PreactivationVelocity_Eq_NegSlope_Mul_BHat_Mul_InputNormSq(ReluInstance instance)
    {
        var run = new ReluFlowRun(instance);
        var network = instance.Network;
        var f = instance.Loss;
        var x = network.Input;
        double xSq = x.DotProduct(x);
        for (int s = 0; s < run.Trajectory.Points.Length; s++)
        {
            var w = run.Trajectory.StateAt(s);
            var N = network.Layout.Read(w, "N");
            var M = network.Layout.Read(w, "M");
            var a = M * x;
            var b = a.Map(v => Math.Max(v, 0));
            var bHat = N.TransposeThisAndMultiply(N * b - instance.Q);
            var velocity = network.Layout.Read(-f.Gradient(w), "M") * x;
            for (int i = 0; i < instance.K; i++)
            {
                double expected = a[i] > 0 ? -bHat[i] * xSq : 0;
                double termScale = (N.Column(i).PointwiseAbs().DotProduct((N * b - instance.Q).PointwiseAbs()) + N.Column(i).L2Norm() * N.FrobeniusNorm() * b.L2Norm()) * xSq;
                Check.Close(velocity[i], expected, Tolerances.AlgebraicIdentity(termScale), $"I6: a′ of unit {i} at t = {run.Trajectory.Points[s].Time:G6}");
            }
        }
        return Verdict.FlowChecked(run.Trajectory.Points.Length - 1, "flow too short");
    }

    /// <summary>
    /// w₀ of the instance with at least one live unit: when every aᵢ ≤ 0 the first row of M₀ is negated (aᵢ → −aᵢ), a
    /// construction of the hypothesis b₀ ≠ 0 rather than a filter.
    /// </summary>
    private static Vector<double> LiveStart(ReluInstance instance)
    {
        var network = instance.Network;
        var w0 = instance.W0;
        if (network.Forward(w0).B.L2Norm() > 0)
        {
            return w0;
        }
        var M0 = network.Layout.Read(w0, "M");
        M0.SetRow(0, -M0.Row(0));
        return network.Layout.Assemble(network.Layout.Read(w0, "N"), M0);
    }

    /// <summary>
    /// §3.7 invariants along the flow: I1 (the part of M orthogonal to x never moves), I2 (dead units keep their row of
    /// M and column of N bit-for-bit), I3 (‖N_{:,i}‖² − ‖M_{i,:}‖² is constant; Du, Hu &amp; Lee per unit).
    /// </summary>
    [Property(Arbitrary = [typeof(FlowArbitraries)])]
    [Trait("Theorem", "GB.S3.7")]
    public void Section3_7_Invariants_Of_Flow(ReluInstance instance)
    {
        var run = new ReluFlowRun(instance);
        var network = instance.Network;
        var x = network.Input;
        var w0 = instance.W0;
        var M0 = network.Layout.Read(w0, "M");
        var N0 = network.Layout.Read(w0, "N");
        var a0 = network.Forward(w0).A;
        var projector = Matrix<double>.Build.DenseIdentity(instance.M) - x.OuterProduct(x) / x.DotProduct(x);
        for (int s = 0; s < run.Trajectory.Points.Length; s++)
        {
            var w = run.Trajectory.StateAt(s);
            var M = network.Layout.Read(w, "M");
            var N = network.Layout.Read(w, "N");
            double drift = ((M - M0) * projector).Enumerate().Max(Math.Abs);
            Check.Le(drift, 0, Tolerances.OrthogonalPartInvariant(M0.FrobeniusNorm()), "I1: (M(t) − M₀)(I − xxᵀ/‖x‖²) = 0");
            for (int i = 0; i < instance.K; i++)
            {
                if (a0[i] <= 0)
                {
                    Check.That(M.Row(i).Equals(M0.Row(i)) && N.Column(i).Equals(N0.Column(i)), $"I2: dead unit {i} frozen bit-for-bit");
                }
                double balance0 = N0.Column(i).DotProduct(N0.Column(i)) - M0.Row(i).DotProduct(M0.Row(i));
                double balance = N.Column(i).DotProduct(N.Column(i)) - M.Row(i).DotProduct(M.Row(i));
                Check.Close(balance, balance0, Tolerances.BalancednessFlow(w0.DotProduct(w0)), $"I3: unit {i} balancedness");
            }
        }
    }
}
