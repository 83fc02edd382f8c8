-- Statistical helpers shared by every named query, so an interval is computed
-- one way everywhere. z = 1.959964 is the two-sided 95% normal quantile,
-- 3.090232 the 99.8% one (funnel plots' outer limits).

-- Wilson score interval for x successes out of n.
CREATE OR REPLACE MACRO wilson_low(x, n, z) AS
  CASE WHEN n IS NULL OR n <= 0 THEN NULL ELSE
    greatest(0.0, ((x / n) + z*z / (2*n) - z * sqrt((x / n) * (1 - x / n) / n + z*z / (4*n*n))) / (1 + z*z / n))
  END;
CREATE OR REPLACE MACRO wilson_high(x, n, z) AS
  CASE WHEN n IS NULL OR n <= 0 THEN NULL ELSE
    least(1.0, ((x / n) + z*z / (2*n) + z * sqrt((x / n) * (1 - x / n) / n + z*z / (4*n*n))) / (1 + z*z / n))
  END;

-- Funnel-plot control limits around a pooled rate p for a unit of size n
-- (normal approximation to the binomial, clipped to [0, 1]).
CREATE OR REPLACE MACRO funnel_low(p, n, z) AS
  CASE WHEN n IS NULL OR n <= 0 THEN NULL ELSE greatest(0.0, p - z * sqrt(p * (1 - p) / n)) END;
CREATE OR REPLACE MACRO funnel_high(p, n, z) AS
  CASE WHEN n IS NULL OR n <= 0 THEN NULL ELSE least(1.0, p + z * sqrt(p * (1 - p) / n)) END;
