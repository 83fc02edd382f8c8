-- Statistical helpers shared by every named query, so an interval is computed
-- one way everywhere. z = 1.959964 is the two-sided 95% normal quantile,
-- 3.090232 the 99.8% one (funnel plots' outer limits).

-- Wilson score interval for x successes out of n.
CREATE OR REPLACE MACRO wilson_low(x, n, z) AS
  CASE WHEN n IS NULL OR n <= 0 THEN NULL ELSE
    greatest(0.0, ((x / n) + z*z / (2*n) - z * sqrt((x / n) * (1 - x / n) / n + z*z / (4.0::DOUBLE * n * n))) / (1 + z*z / n))
  END;
CREATE OR REPLACE MACRO wilson_high(x, n, z) AS
  CASE WHEN n IS NULL OR n <= 0 THEN NULL ELSE
    least(1.0, ((x / n) + z*z / (2*n) + z * sqrt((x / n) * (1 - x / n) / n + z*z / (4.0::DOUBLE * n * n))) / (1 + z*z / n))
  END;

-- Funnel-plot control limits around a pooled rate p for a unit of size n
-- (normal approximation to the binomial, clipped to [0, 1]).
CREATE OR REPLACE MACRO funnel_low(p, n, z) AS
  CASE WHEN n IS NULL OR n <= 0 THEN NULL ELSE greatest(0.0, p - z * sqrt(p * (1 - p) / n)) END;
CREATE OR REPLACE MACRO funnel_high(p, n, z) AS
  CASE WHEN n IS NULL OR n <= 0 THEN NULL ELSE least(1.0, p + z * sqrt(p * (1 - p) / n)) END;

-- Newcombe's hybrid score interval for the difference p1 − p2 of two
-- independent proportions x1/n1 and x2/n2 (Newcombe RG 1998, "Interval
-- estimation for the difference between independent proportions: comparison
-- of eleven methods", Statistics in Medicine 17:873–890, method 10): the
-- Wilson limits l, u of each proportion combined by square-and-add,
--   low  = p1 − p2 − sqrt((p1 − l1)² + (u2 − p2)²)
--   high = p1 − p2 + sqrt((u1 − p1)² + (p2 − l2)²).
-- NULL when either sample is empty.
CREATE OR REPLACE MACRO newcombe_low(x1, n1, x2, n2, z) AS
  CASE WHEN n1 IS NULL OR n1 <= 0 OR n2 IS NULL OR n2 <= 0 THEN NULL ELSE
    (x1 / n1 - x2 / n2)
      - sqrt(pow(x1 / n1 - wilson_low(x1, n1, z), 2) + pow(wilson_high(x2, n2, z) - x2 / n2, 2))
  END;
CREATE OR REPLACE MACRO newcombe_high(x1, n1, x2, n2, z) AS
  CASE WHEN n1 IS NULL OR n1 <= 0 OR n2 IS NULL OR n2 <= 0 THEN NULL ELSE
    (x1 / n1 - x2 / n2)
      + sqrt(pow(wilson_high(x1, n1, z) - x1 / n1, 2) + pow(x2 / n2 - wilson_low(x2, n2, z), 2))
  END;

-- Over-dispersion of a funnel plot (Spiegelhalter DJ 2005, "Handling
-- over-dispersion of performance indicators", Qual Saf Health Care 14:347–351).
-- The upper 95% point of a χ² with k degrees of freedom (Wilson–Hilferty; within
-- 0.1% of the exact quantile from k = 3, 1% at k = 1): the multiplicative φ̂ is
-- used only when I·φ̂ exceeds it for k = I − 1, i.e. when the schools vary more
-- than binomial chance allows at the 5% level.
CREATE OR REPLACE MACRO chi2_upper_95(k) AS
  CASE WHEN k IS NULL OR k < 1 THEN NULL ELSE k * pow(1 - 2 / (9.0 * k) + 1.644854 * sqrt(2 / (9.0 * k)), 3) END;

-- The standard deviation a funnel limit is drawn with at sample size n around
-- the pooled rate p: binomial, times √φ under the multiplicative model, or with
-- the between-school variance τ² added under the additive (random-effects) one.
--   method 'plain' → √(p(1−p)/n); 'phi' → √(φ·p(1−p)/n); 'tau2' → √(p(1−p)/n + τ²).
CREATE OR REPLACE MACRO funnel_sd(p, n, method, phi, tau2) AS
  CASE WHEN n IS NULL OR n <= 0 THEN NULL
       WHEN method = 'phi' THEN sqrt(coalesce(phi, 1.0) * p * (1 - p) / n)
       WHEN method = 'tau2' THEN sqrt(p * (1 - p) / n + coalesce(tau2, 0.0))
       ELSE sqrt(p * (1 - p) / n) END;
