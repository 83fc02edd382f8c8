-- npm run generate: the run's parameters, read by the gen_*.sql statements
-- that follow on the same connection (they take no parameters of their own,
-- so each file can hold several statements).
CREATE OR REPLACE TEMP TABLE gen_cfg AS
SELECT CAST($seed AS INTEGER) AS seed,
       CAST($scale AS VARCHAR) AS scale,
       CAST($year_from AS INTEGER) AS year_from,
       CAST($year_to AS INTEGER) AS year_to,
       CAST($higher_certs AS DOUBLE) AS higher_certs,
       CAST($secondary_certs AS DOUBLE) AS secondary_certs,
       CAST($candidates AS DOUBLE) AS candidates,
       CAST($records AS BIGINT) AS records,
       CAST($anomalies AS INTEGER) AS anomalies,
       CAST($salt AS VARCHAR) AS salt
