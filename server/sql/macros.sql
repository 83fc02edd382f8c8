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
