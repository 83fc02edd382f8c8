SELECT DISTINCT city, province
FROM regions
WHERE city IS NOT NULL AND (city = $value OR city_short = $value)
