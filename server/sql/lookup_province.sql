SELECT DISTINCT province
FROM regions
WHERE province = $value OR province_short = $value
