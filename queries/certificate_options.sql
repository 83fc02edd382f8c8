-- @title 证书列表
-- @description 证书登记中的全部证书，附批次、培训评价组织，以及有考核结果的院校数和考证人数（没有考核结果的为 0），供选择证书用。
-- @description Every registered certificate with its batch and evaluation organisation, and the number of schools with exam results and their candidates (0 when none).
-- @scope school
-- @column certificate_id INTEGER 证书编号
-- @column certificate VARCHAR 证书
-- @column batch VARCHAR 批次
-- @column organisation VARCHAR 培训评价组织
-- @column schools INTEGER 有考核结果的院校数
-- @column candidates INTEGER 考证人数
-- @column years VARCHAR 有考核结果的年份
SELECT c.id AS certificate_id,
       c.name AS certificate,
       c.batch,
       c.organisation,
       CAST(count(DISTINCT e.school_id) AS INTEGER) AS schools,
       CAST(coalesce(sum(e.candidates), 0) AS INTEGER) AS candidates,
       string_agg(DISTINCT CAST(e.year AS VARCHAR), ',' ORDER BY CAST(e.year AS VARCHAR)) AS years
FROM certificates c
LEFT JOIN exam_results_in($scope) e ON e.certificate_id = c.id
GROUP BY c.id, c.name, c.batch, c.organisation
ORDER BY schools DESC, candidates DESC, c.id;
