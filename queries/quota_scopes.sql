-- @title 名额分配表的省份与年份
-- @description 有培训名额分配数据的省份和年份：项目数、分市名额合计、按需报名名额、设区市数。
-- @description Provinces and years with training-quota tables: programmes, quota split by city, on-demand quota, cities.
-- @scope province
-- @column province VARCHAR 省份
-- @column year INTEGER 年份
-- @column programmes INTEGER 项目数
-- @column split_quota INTEGER 分市名额
-- @column unsplit_quota INTEGER 按需报名名额
-- @column cities INTEGER 设区市数
SELECT province,
       year,
       CAST(count(DISTINCT programme || '|' || coalesce(category, '')) AS INTEGER) AS programmes,
       CAST(sum(quota) FILTER (WHERE city IS NOT NULL) AS INTEGER) AS split_quota,
       CAST(coalesce(sum(quota) FILTER (WHERE city IS NULL), 0) AS INTEGER) AS unsplit_quota,
       CAST(count(DISTINCT city) AS INTEGER) AS cities
FROM training_quotas_in($scope)
GROUP BY province, year
ORDER BY year DESC, province;
