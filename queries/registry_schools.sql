-- @title 学校登记表
-- @description 登记的学校：编号、名称、其他写法、类型、省份、城市（导入页选择学校时使用）。
-- @description The registered schools with their other spellings, type, province and city (the import page's school list).
-- @scope school
-- @column id INTEGER 编号
-- @column name VARCHAR 名称
-- @column aliases VARCHAR 其他写法
-- @column type VARCHAR 类型
-- @column province VARCHAR 省份
-- @column city VARCHAR 城市
SELECT s.id,
       s.name,
       string_agg(a.alias, '、' ORDER BY a.alias) AS aliases,
       s.type,
       s.province,
       s.city
FROM schools_in($scope) s
LEFT JOIN school_aliases a ON a.school_id = s.id
GROUP BY ALL
ORDER BY s.province, s.city, s.id;
